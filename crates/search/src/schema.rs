//! The index schema: the stored and keyword fields, one title/body field pair and one word-pair
//! field per analysed language, and the index settings.

use crate::SearchIndex;
use crate::analysis::{self, LANGUAGES};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// Bytes of stored documents compressed together. A search reads the stored text of the 20
/// reports it shows, each from its own block: tantivy's 16 KiB default made decompression ~10 % of
/// a first-time search; a few reports a block cut that fourfold for a slightly larger store.
const DOCSTORE_BLOCK: usize = 4096;

#[derive(Clone)]
pub(crate) struct Fields {
    pub(crate) id: Field,
    pub(crate) story: Field,
    pub(crate) outlet: Field,
    pub(crate) lang: Field,
    pub(crate) entity: Field,
    pub(crate) day: Field,
    pub(crate) published: Field,
    pub(crate) title: Field,
    pub(crate) text: Field,
    /// Per analysed language: (title field, body field).
    pub(crate) by_lang: Vec<(&'static str, Field, Field)>,
    /// Per analysed language (same order): adjacent word pairs of title and body, documents only.
    pub(crate) pairs: Vec<Field>,
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Fast fields: a query groups its best hits by story without loading stored documents.
    let id = b.add_text_field("id", STRING | STORED | FAST);
    let story = b.add_text_field("story", STRING | STORED | FAST);
    let keyword = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(analysis::KEYWORD).set_index_option(IndexRecordOption::Basic),
    );
    let outlet = b.add_text_field("outlet", keyword.clone() | STORED);
    let lang = b.add_text_field("lang", keyword.clone() | STORED);
    let entity = b.add_text_field("entity", keyword);
    let day = b.add_i64_field("day", NumericOptions::default().set_indexed().set_fast());
    let published = b.add_text_field("published", STORED);
    let title = b.add_text_field("title", STORED);
    let text = b.add_text_field("text", STORED);
    let mut by_lang = Vec::new();
    let mut pairs = Vec::new();
    for &l in LANGUAGES {
        let opts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&analysis::tokenizer_name(l))
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let t = b.add_text_field(&format!("title_{l}"), opts.clone());
        let body = b.add_text_field(&format!("body_{l}"), opts);
        by_lang.push((l, t, body));
        let pair_opts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&analysis::pair_tokenizer_name(l))
                .set_index_option(IndexRecordOption::Basic),
        );
        pairs.push(b.add_text_field(&format!("pairs_{l}"), pair_opts));
    }
    (b.build(), Fields { id, story, outlet, lang, entity, day, published, title, text, by_lang, pairs })
}

pub(crate) fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings { docstore_blocksize: DOCSTORE_BLOCK, ..Default::default() }
}

impl SearchIndex {
    pub(crate) fn lang_fields(&self, lang: Option<&str>) -> (&'static str, Field, Field) {
        let l = analysis::analysed(lang);
        *self.fields.by_lang.iter().find(|(x, _, _)| *x == l).expect("every analysed language has fields")
    }

    pub(crate) fn pair_field(&self, lang: &str) -> Field {
        let i =
            self.fields.by_lang.iter().position(|(l, _, _)| *l == lang).expect("every analysed language has fields");
        self.fields.pairs[i]
    }
}
