use super::*;

fn names(text: &str, lang: &str) -> Vec<(String, EntityType)> {
    let a = analyse(text, lang);
    a.found.iter().filter(|f| f.is_name).map(|f| (text[f.start..f.end].to_string(), f.kind)).collect()
}

#[test]
fn finds_people_places_and_organisations_in_italian() {
    let text = "Il presidente francese Jean Dubois è arrivato a Lione. La Corea del Nord e l'ONU \
                hanno risposto. Secondo il ministero della Difesa, Dubois tornerà domani.";
    let n = names(text, "it");
    assert!(n.contains(&("Jean Dubois".into(), EntityType::Person)), "{n:?}");
    assert!(n.contains(&("Lione".into(), EntityType::Place)));
    // Answering together with the ONU, the country acts as its state.
    assert!(n.contains(&("Corea del Nord".into(), EntityType::Organisation)));
    assert!(n.contains(&("ONU".into(), EntityType::Organisation)));
    assert!(n.contains(&("Dubois".into(), EntityType::Person)));
    assert!(!n.iter().any(|(t, _)| t == "Il" || t == "La" || t == "Secondo"), "{n:?}");
}

#[test]
fn towns_from_the_large_lists_are_places_unless_someone_bears_the_name() {
    // Small towns known only to the ISTAT / GeoNames lists, and a surname that is also a town.
    let n = names("La sagra si è tenuta a Oliena e poi a Borgofranco d'Ivrea, ospite di Marco Brescia.", "it");
    assert!(n.contains(&("Oliena".into(), EntityType::Place)), "{n:?}");
    assert!(n.contains(&("Marco Brescia".into(), EntityType::Person)), "{n:?}");
    let n = names("Il torneo è stato vinto da Ferraris, che ha battuto la squadra di Pinerolo.", "it");
    assert!(n.contains(&("Ferraris".into(), EntityType::Person)), "{n:?}");
}

#[test]
fn a_name_after_a_place_or_body_is_split_from_it() {
    let n = names("Ieri il capo della Protezione Civile Alberto Ravelli ha parlato a Lodi.", "it");
    assert!(n.contains(&("Alberto Ravelli".into(), EntityType::Person)), "{n:?}");
    assert!(n.contains(&("Protezione Civile".into(), EntityType::Organisation)), "{n:?}");
    let n = names("Il corteo è partito da Piazza Giuseppe Garibaldi.", "it");
    assert!(n.contains(&("Piazza Giuseppe Garibaldi".into(), EntityType::Place)), "{n:?}");
    let n = names("He studied at the Ontario Institute of Technology and met the Nordic Council.", "en");
    assert!(n.contains(&("Ontario Institute of Technology".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("Nordic Council".into(), EntityType::Organisation)), "{n:?}");
    let n = names("The rally was held in Hyde Park. Later Apple Watch sales rose.", "en");
    assert!(n.contains(&("Hyde Park".into(), EntityType::Place)), "{n:?}");
    assert!(!n.iter().any(|(s, k)| s == "Apple Watch" && *k == EntityType::Person), "{n:?}");
}

#[test]
fn lowercase_heads_saints_titles_and_initials_belong_to_the_name() {
    let text = "Il corteo è partito da via Garibaldi, in provincia di Lucca, fino a Sant'Anna e a \
                San Vito. Ha parlato don Carlo Bertoli con l'ente E.N.P.A. e con Paolo R. ieri.";
    let n = names(text, "it");
    for (s, k) in [
        ("via Garibaldi", EntityType::Place),
        ("provincia di Lucca", EntityType::Place),
        ("Sant'Anna", EntityType::Place),
        ("San Vito", EntityType::Place),
        ("don Carlo Bertoli", EntityType::Person),
        ("E.N.P.A.", EntityType::Organisation),
        ("Paolo R.", EntityType::Person),
    ] {
        assert!(n.contains(&(s.into(), k)), "{s}: {n:?}");
    }
    let a = analyse(text, "it");
    for f in &a.found {
        assert!(f.start < f.end && text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
    }
}

#[test]
fn an_organisation_keeps_its_lowercase_adjectives_and_complement() {
    let text = "Sono intervenuti la Guardia costiera e il Ministero delle finanze tunisino, \
                mentre il Tribunale amministrativo regionale ha deciso.";
    let n = names(text, "it");
    for s in ["Guardia costiera", "Ministero delle finanze tunisino", "Tribunale amministrativo regionale"] {
        assert!(n.contains(&(s.into(), EntityType::Organisation)), "{s}: {n:?}");
    }
}

#[test]
fn an_office_and_the_town_it_sits_in_are_two_entities() {
    let n = names("Indaga la Procura di Lodi; il ministro degli Esteri ha sentito Vincent van Gogh.", "it");
    assert!(n.contains(&("Procura".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("Lodi".into(), EntityType::Place)), "{n:?}");
    assert!(n.contains(&("Vincent van Gogh".into(), EntityType::Person)), "{n:?}");
    let n = names("Lo ha detto il presidente della Francia Jean Dubois.", "it");
    assert!(n.contains(&("Francia".into(), EntityType::Place)), "{n:?}");
    assert!(n.contains(&("Jean Dubois".into(), EntityType::Person)), "{n:?}");
}

#[test]
fn compound_town_names_directions_and_leaders_of_bodies() {
    let text = "La gara si è corsa a Barberino di Mugello, nell'Italia meridionale e nel nord Europa; \
                parla la Lega Sud di Mario Bianchi dall'Università Cattolica di Lodi.";
    let n = names(text, "it");
    for (s, k) in [
        ("Barberino di Mugello", EntityType::Place),
        ("Italia meridionale", EntityType::Place),
        ("nord Europa", EntityType::Place),
        ("Mario Bianchi", EntityType::Person),
        ("Università Cattolica", EntityType::Organisation),
        ("Lodi", EntityType::Place),
    ] {
        assert!(n.contains(&(s.into(), k)), "{s}: {n:?}");
    }
}

#[test]
fn province_codes_and_arabic_articles() {
    let n = names("L'incidente è avvenuto a Vimercate (MB). Ha parlato Nouri al-Hakim, ministro.", "it");
    assert!(n.contains(&("MB".into(), EntityType::Place)), "{n:?}");
    assert!(n.contains(&("Nouri al-Hakim".into(), EntityType::Person)), "{n:?}");
    // After a person's full name the bracket holds a party, though its letters spell a province.
    let n = names("Hanno votato contro Carla Ventresca (PD) e Ottavio Manni (FI).", "it");
    assert!(n.contains(&("PD".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("FI".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("Carla Ventresca".into(), EntityType::Person)), "{n:?}");
    // After a region the bracket holds the party governing it; after a town named for its region,
    // its province.
    let n = names("Il referendum è stato chiesto da Veneto (LN), Marche (PD) e Puglia (FI).", "it");
    assert!(n.contains(&("PD".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("FI".into(), EntityType::Organisation)), "{n:?}");
    let n = names("La scuola di San Giuliano di Puglia (CB) è crollata.", "it");
    assert!(n.contains(&("CB".into(), EntityType::Place)), "{n:?}");
}

#[test]
fn a_name_with_a_joined_arabic_article_needs_no_cue_and_is_named_without_it_later() {
    // "al-Quraishi" starts lower case, yet it is no everyday word of the text.
    let text = "La guerra civile vede opposto il governo di Tamim al-Quraishi a una fazione ribelle. \
                Gli ispettori accusano il regime di Quraishi di avere usato gas sarin.";
    let a = analyse(text, "it");
    let e = a.entities.iter().find(|e| e.name == "Tamim al-Quraishi").expect("the full name");
    assert_eq!(e.kind, EntityType::Person);
    let mentions: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(mentions, ["Tamim al-Quraishi", "Quraishi"], "{:?}", a.entities);
}

#[test]
fn a_thing_named_after_a_person_gives_the_person() {
    let n = names(
        "Il Governo Ferraresi ha stanziato venti milioni. Gli studenti protestano contro la riforma Brambati, \
         mentre l'amministrazione Okonjo ha risposto ieri. Il governo Usa tace.",
        "it",
    );
    for p in ["Ferraresi", "Brambati", "Okonjo"] {
        assert!(n.contains(&(p.into(), EntityType::Person)), "{p}: {n:?}");
    }
    assert!(n.contains(&("Governo".into(), EntityType::Organisation)), "{n:?}");
    // A known place after the noun stays a place: the government of a country.
    assert!(!n.iter().any(|(s, k)| s == "Usa" && *k == EntityType::Person), "{n:?}");
}

#[test]
fn a_country_whose_words_are_quoted_speaks_as_its_government() {
    let n = names("Il ministro ha ribadito che l'Italia «non intende rinunciare al piano» per il porto.", "it");
    assert!(n.contains(&("Italia".into(), EntityType::Organisation)), "{n:?}");
    // Quoted words after a country it is no subject of: the place.
    let n = names("Il ministro è tornato in Italia «per restarci», ha detto ieri sera.", "it");
    assert!(n.contains(&("Italia".into(), EntityType::Place)), "{n:?}");
}

#[test]
fn an_institution_noun_written_with_a_capital_is_the_body() {
    // "Digos" is also a town in the large lists; as the police division's noun it is the body.
    let n = names("Gli uomini della Digos hanno fermato nella notte due giovani all'aeroporto.", "it");
    assert!(n.contains(&("Digos".into(), EntityType::Organisation)), "{n:?}");
}

#[test]
fn ad_is_a_preposition_province_codes_mark_towns_and_english_bodies_keep_of() {
    // "ad" before a town is "a", not the role "amministratore delegato".
    let n = names("La famiglia viveva ad Oliena. Parla l'ad Carlo Neri.", "it");
    assert!(n.contains(&("Oliena".into(), EntityType::Place)), "{n:?}");
    assert!(n.contains(&("Carlo Neri".into(), EntityType::Person)), "{n:?}");
    let n = names("Scosse tra Borgo Lavezzi (FI) e Castelnuovo (BO).", "it");
    assert!(n.contains(&("FI".into(), EntityType::Place)), "{n:?}");
    assert!(n.contains(&("BO".into(), EntityType::Place)), "{n:?}");
    assert!(n.contains(&("Borgo Lavezzi".into(), EntityType::Place)), "{n:?}");
    let n = names("Ha protestato la Parliamentary Assembly of the Council of Europe con la Lega Ovest.", "it");
    assert!(n.contains(&("Parliamentary Assembly of the Council of Europe".into(), EntityType::Organisation)), "{n:?}");
}

#[test]
fn surname_particles_and_surnames_that_are_prepositions_stay_in_the_name() {
    let n = names("Di Marzano, in netta controtendenza, ha preso le difese del giornalista.", "it");
    assert!(n.contains(&("Di Marzano".into(), EntityType::Person)), "{n:?}");
    let n = names("Il paese piange la scomparsa di Lucio Dalla, partito dalla sua città.", "it");
    assert!(n.contains(&("Lucio Dalla".into(), EntityType::Person)), "{n:?}");
    let n = names("Il match è stato vinto da Floyd Mayweather Jr. ai punti.", "it");
    assert!(n.contains(&("Floyd Mayweather Jr.".into(), EntityType::Person)), "{n:?}");
    // An Arabic name element opens the name, though a town bears it too.
    let n = names("Potrebbe essere stato Abu Hamza al Muhajir, il nuovo leader del gruppo.", "it");
    assert!(n.contains(&("Abu Hamza al Muhajir".into(), EntityType::Person)), "{n:?}");
}

#[test]
fn given_names_that_are_everyday_words_open_a_name_before_an_unknown_surname() {
    // "Lance", "Dawn", "Grace" are words too: given names only before a surname no list or text knows.
    let n =
        names("Lance Trevisanetti, ex ciclista, ha ammesso tutto. Tra le vittime Dawn Zirpoli e Grace Moltedo.", "it");
    for who in ["Lance Trevisanetti", "Dawn Zirpoli", "Grace Moltedo"] {
        assert!(n.contains(&(who.into(), EntityType::Person)), "{who}: {n:?}");
    }
    // A listed surname makes a name of two words though the first is a word ("Vento").
    let n = names("Alla serata c'erano anche Vento Abbagnale e molti altri.", "it");
    assert!(n.contains(&("Vento Abbagnale".into(), EntityType::Person)), "{n:?}");
}

#[test]
fn a_given_name_no_list_knows_before_a_surname_that_is_a_word_is_a_person() {
    // "Mora", "Volpe" are words; "Jairo", "Iker" are written as given names are and no list knows them.
    let n = names("Il corpo di Iker Volpe fu ritrovato sulla spiaggia. Jairo Mora era con lui.", "it");
    for who in ["Iker Volpe", "Jairo Mora"] {
        assert!(n.contains(&(who.into(), EntityType::Person)), "{who}: {n:?}");
    }
    // An English word after an unknown one names a firm or a work in Italian text.
    let n = names("Dopo l'accordo, Zorvex Mobility ha chiuso lo stabilimento.", "it");
    assert!(!n.contains(&("Zorvex Mobility".into(), EntityType::Person)), "{n:?}");
}

#[test]
fn a_priests_or_nuns_honorific_is_part_of_the_name_a_role_is_not() {
    // "Don", "Suor": how a priest or a nun is called; the surname alone is the same person.
    let a = analyse("Ieri Don Marcello Pavan ha celebrato la messa. Poi Pavan ha salutato Suor Angela Brusin.", "it");
    let pavan = a.entities.iter().find(|e| e.name == "Don Marcello Pavan").expect("Don Marcello Pavan");
    assert_eq!(pavan.kind, EntityType::Person);
    assert!(
        a.found.iter().any(|f| f.entity == a.entities.iter().position(|e| e.name == "Don Marcello Pavan").unwrap()
            && a.text[f.start..f.end] == *"Pavan")
    );
    assert!(a.entities.iter().any(|e| e.name == "Suor Angela Brusin"));
    // A role stays out of the name.
    let n = names("Il presidente Mario Rossi ha parlato.", "it");
    assert!(n.contains(&("Mario Rossi".into(), EntityType::Person)), "{n:?}");
}

#[test]
fn italian_everyday_words_are_surnames_in_english_text() {
    // "campana" is an Italian word, not an English one: in English news it is a surname.
    let n = names("The families want a trial, said widow Rusty Campana on Monday.", "en");
    assert!(n.contains(&("Rusty Campana".into(), EntityType::Person)), "{n:?}");
    // In Italian text the same two words are a bell's name, no person's.
    let n = names("Suonava la Rusty Campana del porto.", "it");
    assert!(!n.contains(&("Rusty Campana".into(), EntityType::Person)), "{n:?}");
}

#[test]
fn a_known_name_is_not_split_at_a_word_that_is_also_a_given_name() {
    // "Angeles" is a given name too; "Los Angeles Times" is one listed name.
    let n = names("The story was first reported by the Los Angeles Times on Monday.", "en");
    assert_eq!(n, [("Los Angeles Times".to_string(), EntityType::Organisation)]);
}

#[test]
fn the_members_of_a_roster_with_numbers_are_people() {
    let n = names("Formazione: Vadelunde 2, Granvorka 4, Samicetti 3, Abbagnale 5, Kieffert 1, Brusoni (L).", "it");
    for who in ["Granvorka", "Samicetti", "Abbagnale", "Kieffert", "Brusoni"] {
        assert!(n.contains(&(who.into(), EntityType::Person)), "{who}: {n:?}");
    }
}

#[test]
fn a_purpose_after_a_body_head_belongs_to_its_name() {
    let n = names(
        "Ne ha parlato l'Associazione per il Restauro Navale, nata a Chioggia. Il Dipartimento per la Tutela Costiera e l'Ambiente ha risposto.",
        "it",
    );
    assert!(n.contains(&("Associazione per il Restauro Navale".into(), EntityType::Organisation)), "{n:?}");
    assert!(
        n.contains(&("Dipartimento per la Tutela Costiera e l'Ambiente".into(), EntityType::Organisation)),
        "{n:?}"
    );
    let n = names("The Institute for Coastal Defense and Repair said on Monday it would sue.", "en");
    assert!(n.contains(&("Institute for Coastal Defense and Repair".into(), EntityType::Organisation)), "{n:?}");
}

#[test]
fn the_complement_of_a_company_noun_is_a_company() {
    let n = names("Ne ha parlato il nuovo AD di Velmarco. Protestano i dipendenti di Ardenza.", "it");
    assert!(n.contains(&("Velmarco".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("Ardenza".into(), EntityType::Organisation)), "{n:?}");
    let n = names("Il volo della Samir Air è atterrato a Bari.", "it");
    assert!(n.contains(&("Samir Air".into(), EntityType::Organisation)), "{n:?}");
    let n = names("Analysts met the chief executive of Quorvex on Monday.", "en");
    assert!(n.contains(&("Quorvex".into(), EntityType::Organisation)), "{n:?}");
    // A town's police is a body, and the town alone elsewhere stays a place, not a person.
    let n = names("The Ridgeport Police Department said on Tuesday the car was stolen in Ridgeport.", "en");
    assert!(n.contains(&("Ridgeport Police Department".into(), EntityType::Organisation)), "{n:?}");
    assert!(!n.iter().any(|(_, k)| *k == EntityType::Person), "{n:?}");
}

#[test]
fn a_country_acting_is_an_organisation() {
    let n = names("La Francia ha richiamato l'ambasciatore. Domani si gioca Italia - Croazia a Bari.", "it");
    assert!(n.contains(&("Francia".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("Croazia".into(), EntityType::Organisation)), "{n:?}");
    let n = names("Il Livorno ha battuto il Lazio: tifosi del Livorno in festa a Livorno.", "it");
    assert_eq!(n.iter().filter(|x| x.0 == "Livorno" && x.1 == EntityType::Organisation).count(), 2, "{n:?}");
    assert!(n.contains(&("Livorno".into(), EntityType::Place)), "{n:?}");
    assert!(!n.contains(&("Lazio".into(), EntityType::Organisation)), "{n:?}");
    let n = names("Il leader Kim Jong Un ha parlato.", "it");
    assert!(n.contains(&("Kim Jong Un".into(), EntityType::Person)), "{n:?}");
    let n = names("Vive in Francia da anni.", "it");
    assert!(n.contains(&("Francia".into(), EntityType::Place)), "{n:?}");
}

#[test]
fn a_country_as_subject_complement_of_action_or_partner_of_a_body_is_an_organisation() {
    // Any finite verb (from the Morph-it! forms), after a clitic or "non".
    let n = names("Nel 1991 la Macedonia dichiarò l'indipendenza. Ieri il Belgio si è unito agli altri.", "it");
    assert!(n.contains(&("Macedonia".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("Belgio".into(), EntityType::Organisation)), "{n:?}");
    // A lone given name that is also a town, joined to a place, is that town.
    let n = names("Piove a Lodi e Loreto da giorni.", "it");
    assert!(n.contains(&("Loreto".into(), EntityType::Place)), "{n:?}");
    let n = names("Si discute l'adesione della Moldavia e i rapporti tra la NATO e la Russia.", "it");
    assert!(n.contains(&("Moldavia".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("Russia".into(), EntityType::Organisation)), "{n:?}");
    // Where the country is a place, it stays one.
    let n = names("Sono tornati dalla Moldavia e vivono in Russia con Marta Bellini.", "it");
    assert!(n.contains(&("Moldavia".into(), EntityType::Place)), "{n:?}");
    assert!(n.contains(&("Russia".into(), EntityType::Place)), "{n:?}");
}

#[test]
fn a_name_right_after_a_noun_for_a_kind_of_body_is_an_organisation() {
    let text = "Lo ha scritto il quotidiano The Evening Lamp, citando l'agenzia di stampa Korvex e la \
                compagnia ferroviaria spagnola Trenor; suonerà la band Velvet Lemons.";
    let n = names(text, "it");
    for org in ["The Evening Lamp", "Korvex", "Trenor", "Velvet Lemons"] {
        assert!(n.contains(&(org.into(), EntityType::Organisation)), "{org}: {n:?}");
    }
    // A person named after such a noun keeps being a person.
    let n = names("Ha parlato il gruppo Mario Bellini e soci.", "it");
    assert!(n.contains(&("Mario Bellini".into(), EntityType::Person)), "{n:?}");
}

#[test]
fn born_opening_a_sentence_is_no_alliance_and_lowercase_bodies_are_organisations() {
    let n = names("Nato a Verona nel 1950, ha lavorato con la NATO. I vigili del fuoco sono arrivati.", "it");
    assert!(!n.iter().any(|x| x.0 == "Nato"), "{n:?}");
    assert!(n.contains(&("Verona".into(), EntityType::Place)), "{n:?}");
    assert!(n.contains(&("NATO".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("vigili del fuoco".into(), EntityType::Organisation)), "{n:?}");
}

#[test]
fn particles_inside_names_and_names_after_a_place() {
    let n = names("Ha parlato il sindaco di New York Carlo de Santis con Pedro de la Vega.", "it");
    assert!(n.contains(&("Carlo de Santis".into(), EntityType::Person)), "{n:?}");
    assert!(n.contains(&("Pedro de la Vega".into(), EntityType::Person)), "{n:?}");
    assert!(n.contains(&("New York".into(), EntityType::Place)), "{n:?}");
    // The surname after a two-word particle stays with the name even when a town bears it.
    let n = names("Ha vinto Carmen de la Lodi.", "it");
    assert!(n.contains(&("Carmen de la Lodi".into(), EntityType::Person)), "{n:?}");
    // A country right after a role, then the name.
    let n = names("Il presidente Usa Tom Harlan ha firmato.", "it");
    assert!(n.contains(&("Tom Harlan".into(), EntityType::Person)), "{n:?}");
    // After "di", an unknown lone word is no place.
    let n = names("La richiesta di Zorzetti è arrivata ad Arzachena.", "it");
    assert!(!n.contains(&("Zorzetti".into(), EntityType::Place)), "{n:?}");
    // A town that is the surname of someone named in full is that person.
    let n = names("Ha cantato Marta Lodi. Ai dubbi della Lodi, il pubblico ha risposto.", "it");
    assert!(n.contains(&("Lodi".into(), EntityType::Person)) && !n.iter().any(|x| x.1 == EntityType::Place), "{n:?}");
    // A saint's name before "di" + place stays whole.
    let n = names("I funerali nella chiesa di Santa Maria degli Angeli a Lodi.", "it");
    assert!(!n.iter().any(|x| x.0 == "Maria degli Angeli"), "{n:?}");
}

#[test]
fn brand_names_written_in_camel_case_are_organisations() {
    let n = names("Il video è su ZapTube e la startup RocketQ ha risposto a John McCain.", "it");
    assert!(n.contains(&("ZapTube".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("RocketQ".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("John McCain".into(), EntityType::Person)), "{n:?}");
}

#[test]
fn an_age_before_a_name_marks_a_person_and_is_no_part_of_it() {
    let n = names("Il 48enne Loris Pettenati ha parlato. Il diciassettenne Zwicky rifiuta l'offerta.", "it");
    assert!(n.contains(&("Loris Pettenati".into(), EntityType::Person)), "{n:?}");
    assert!(n.contains(&("Zwicky".into(), EntityType::Person)), "{n:?}");
}

#[test]
fn a_name_after_a_noun_for_a_kind_of_place_is_a_place() {
    let n = names("L'incidente nella cittadina di Zorbeda e nel villaggio georgiano di Kvemo Tsera.", "it");
    assert!(n.contains(&("Zorbeda".into(), EntityType::Place)), "{n:?}");
    assert!(n.contains(&("Kvemo Tsera".into(), EntityType::Place)), "{n:?}");
}

#[test]
fn a_name_after_a_noun_for_a_kind_of_person_is_a_person() {
    let n = names("Ha chiuso la serata il cantante Zarlotti, con la moglie Ortensia.", "it");
    assert!(n.contains(&("Zarlotti".into(), EntityType::Person)), "{n:?}");
    assert!(n.contains(&("Ortensia".into(), EntityType::Person)), "{n:?}");
}

#[test]
fn legal_forms_with_dots_belong_to_the_company() {
    let text = "Ieri la CIIP S.p.A. ha scritto alla Velmar Italia s.r.l. e a Marco Bianchi.";
    let n = names(text, "it");
    assert!(n.contains(&("CIIP S.p.A.".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("Velmar Italia s.r.l.".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("Marco Bianchi".into(), EntityType::Person)), "{n:?}");
}

#[test]
fn the_kind_of_body_or_place_in_an_apposition_after_the_name() {
    let n = names("Ha criticato Nahdet, il partito di maggioranza. Poi è andato a Zorbeda, comune del Sannio.", "it");
    assert!(n.contains(&("Nahdet".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("Zorbeda".into(), EntityType::Place)), "{n:?}");
}

#[test]
fn routes_and_prefectures() {
    let n = names("Il treno della linea Roma-Ostiense è fermo. Scossa nella prefettura di Gunma.", "it");
    assert!(n.contains(&("Roma-Ostiense".into(), EntityType::Place)), "{n:?}");
    assert!(n.contains(&("prefettura di Gunma".into(), EntityType::Place)), "{n:?}");
    let n = names("I dati arrivano dalla Prefettura di Lodi.", "it");
    assert!(n.contains(&("Prefettura".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("Lodi".into(), EntityType::Place)), "{n:?}");
}

#[test]
fn titles_of_works_and_events_made_of_everyday_words_are_not_people() {
    let text = "Il logo Football Against Racism è apparso accanto al libro Pane Nero e al Premio \
                Lucca, ha spiegato Marta Bellini.";
    let n = names(text, "it");
    assert!(!n.iter().any(|x| x.0.contains("Racism") || x.0.contains("Pane")), "{n:?}");
    assert!(n.contains(&("Marta Bellini".into(), EntityType::Person)), "{n:?}");
    let lx = lexicon();
    assert!(lx.common_words.contains("sciopero") && lx.common_words.contains("against"));
    // Names stay out of the dictionary list even when they are also words.
    assert!(!lx.common_words.contains("roma") && !lx.common_words.contains("marco"));
    assert!(lx.finite_verbs.contains(&crate::tokenize::fold_fast("dichiarò")));
}

#[test]
fn acronyms_written_in_lower_case_are_organisations() {
    let n = names("Il vicepresidente del Csm ha parlato con il Pdl.", "it");
    assert!(n.contains(&("Csm".into(), EntityType::Organisation)), "{n:?}");
}

#[test]
fn bodies_named_with_common_words_are_not_people() {
    let n = names("Hanno aderito Umana Solidarietà e Sinistra Nazionale, con Marta Bellini.", "it");
    assert!(n.contains(&("Umana Solidarietà".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("Sinistra Nazionale".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("Marta Bellini".into(), EntityType::Person)), "{n:?}");
}

#[test]
fn sentence_initial_common_words_are_not_entities() {
    let n = names("Oggi piove. Domani il sole. Intanto Marta Bellini ride.", "it");
    assert_eq!(n, vec![("Marta Bellini".to_string(), EntityType::Person)]);
}

#[test]
fn role_descriptions_join_the_person_named_in_that_role() {
    let text = "Il premier canadese Paul Tremblay ha visitato Roma. Il primo ministro canadese ha poi \
                incontrato il sindaco.";
    let a = analyse(text, "it");
    let paul = a.entities.iter().find(|e| e.name == "Paul Tremblay").expect("person");
    assert!(paul.mentions.iter().any(|m| m.text == "primo ministro canadese"), "{:?}", paul.mentions);
    assert_eq!(paul.role.as_deref(), Some("premier canadese"));
    for e in &a.entities {
        for m in &e.mentions {
            assert_eq!(&text[m.start..m.end], m.text);
        }
    }
}

#[test]
fn english_titles_and_demonyms_are_stripped_into_the_role() {
    let text = "Russian President Ivan Petrov met Mr. Smith in Geneva on Monday.";
    let a = analyse(text, "en");
    let petrov = a.entities.iter().find(|e| e.name == "Ivan Petrov").expect("person");
    assert_eq!(petrov.role.as_deref(), Some("Russian President"));
    assert!(a.entities.iter().any(|e| e.name == "Smith" && e.kind == EntityType::Person));
    assert!(a.entities.iter().any(|e| e.name == "Geneva" && e.kind == EntityType::Place));
    assert!(!a.entities.iter().any(|e| e.name == "Monday"));
}

#[test]
fn a_title_case_headline_holds_several_names() {
    let text = "Senator Maria Lane Slams Mayor Tom Ortiz Over Budget\n\nOn Monday Lane and Ortiz met.";
    let n = names(text, "en");
    assert!(n.contains(&("Maria Lane".into(), EntityType::Person)), "{n:?}");
    assert!(n.contains(&("Tom Ortiz".into(), EntityType::Person)), "{n:?}");
    assert!(!n.iter().any(|(t, _)| t.contains("Slams") || t.contains("Budget")), "{n:?}");
    // On a title-case line an everyday word ends a name, unless it is capitalised elsewhere.
    let text = "Governor Ada Brook Defends Spending Plan\n\nAda Brook spoke at the Spending Review.";
    let n = names(text, "en");
    assert!(n.contains(&("Ada Brook".into(), EntityType::Person)), "{n:?}");
    assert!(!n.iter().any(|(t, _)| t.contains("Defends")), "{n:?}");
    // A place head before a person's full name is no place cue.
    let n = names("It was said by the former secretary of state Rosa Iturbe in Ohio.", "en");
    assert!(n.contains(&("Rosa Iturbe".into(), EntityType::Person)), "{n:?}");
    let text = "Senator Breaks With Ortiz On Budget Bill\n\nTom Ortiz spoke.";
    let n = names(text, "en");
    assert!(!n.iter().any(|(t, _)| t.contains("Ortiz On")), "{n:?}");
}

#[test]
fn the_members_of_a_list_are_of_one_kind() {
    let text = "Le centrali di Ostravia, Velmont, Parigi e Quarnese sono state chiuse.";
    let n = names(text, "it");
    for town in ["Ostravia", "Velmont", "Quarnese"] {
        assert!(n.contains(&(town.into(), EntityType::Place)), "{town}: {n:?}");
    }
}

#[test]
fn a_month_by_a_number_is_a_date_and_a_dateline_town_no_acronym() {
    let text = "BASTIA, Jan 19 - The ferry reached Bastia late, said Marco Bianchi.";
    let n = names(text, "en");
    assert!(!n.iter().any(|(t, _)| t == "Jan"), "{n:?}");
    assert!(n.contains(&("BASTIA".into(), EntityType::Place)), "{n:?}");
    assert!(n.contains(&("Bastia".into(), EntityType::Place)), "{n:?}");
}

#[test]
fn role_words_between_a_body_and_a_name_are_the_persons_role() {
    let text = "Tidewater Dockers Union Chairman Lia Conte called the deal fair. \
                Harbor Watch Executive Director Paul Osei disagreed.";
    let n = names(text, "en");
    assert!(n.contains(&("Lia Conte".into(), EntityType::Person)), "{n:?}");
    assert!(n.contains(&("Paul Osei".into(), EntityType::Person)), "{n:?}");
    assert!(n.iter().any(|(t, k)| t.ends_with("Dockers Union") && *k == EntityType::Organisation), "{n:?}");
    assert!(!n.iter().any(|(t, _)| t.contains("Chairman") || t.contains("Director")), "{n:?}");
}

#[test]
fn a_title_abbreviation_before_a_name_is_not_part_of_the_name_before_it() {
    let n = names("The runway was closed, said Navy Capt. Rosa Imbert. Air Force 1st Lt. Omar Vance agreed.", "en");
    assert!(!n.iter().any(|(t, _)| t.ends_with("Capt") || t.ends_with("Lt")), "{n:?}");
    assert!(n.contains(&("Rosa Imbert".into(), EntityType::Person)), "{n:?}");
    assert!(n.contains(&("Omar Vance".into(), EntityType::Person)), "{n:?}");
}

#[test]
fn countries_in_a_text_of_match_results_are_teams() {
    let text = "Nel curling la Svezia ha perso 9-0. Il Canada ha battuto la Norvegia 10-0 e resta in testa \
                davanti a Svizzera e Danimarca. La Finlandia è stata superata per 7-2 dalla Germania. Domani \
                si gioca in Italia.";
    let n = names(text, "it");
    assert!(n.contains(&("Svizzera".into(), EntityType::Organisation)), "{n:?}");
    // The agent of a defeat is a team too, though "da" can say where from.
    assert!(n.contains(&("Germania".into(), EntityType::Organisation)), "{n:?}");
    assert!(n.contains(&("Danimarca".into(), EntityType::Organisation)), "{n:?}");
    // Where the games are played stays a place.
    assert!(n.contains(&("Italia".into(), EntityType::Place)), "{n:?}");
    // A range of days is no result.
    let n = names("Il vertice del 10-12 marzo e quello del 3-4 aprile si terranno tra Svizzera e Danimarca.", "it");
    assert!(n.contains(&("Svizzera".into(), EntityType::Place)), "{n:?}");
}

#[test]
fn a_known_name_holding_a_verb_of_saying_stays_whole() {
    // "States" is a verb of saying, but not inside "United States".
    let n = names("The treaty protects the United States from claims.", "en");
    assert_eq!(n, [("United States".to_string(), EntityType::Place)]);
}

#[test]
fn a_surname_the_stop_list_holds_stays_in_the_name() {
    // The English stop list holds "wells" and "today"; neither is written lowercase here.
    let n = names("The report came from Kim Wells, who once worked for Russia Today.", "en");
    assert!(n.iter().any(|(t, _)| t == "Kim Wells"), "{n:?}");
    assert!(n.iter().any(|(t, _)| t == "Russia Today"), "{n:?}");
    // A function word closing a run is still cut: "Come" is written lowercase in the text.
    let n = names("Lo ha detto Lara Fabian Come sempre, come ogni anno.", "it");
    assert!(n.iter().any(|(t, _)| t == "Lara Fabian"), "{n:?}");
}

#[test]
fn a_seat_of_power_where_people_go_is_its_building() {
    let text = "Il Quirinale ha fatto sapere che il premier salirà al Quirinale domani. Intanto centinaia \
                di persone protestano davanti alla Casa Bianca.";
    let n = names(text, "it");
    assert_eq!(n.iter().filter(|(t, _)| t == "Quirinale").count(), 2, "{n:?}");
    assert_eq!(n.iter().find(|(t, _)| t == "Quirinale").map(|x| x.1), Some(EntityType::Organisation), "{n:?}");
    assert_eq!(n.iter().filter(|(t, k)| t == "Quirinale" && *k == EntityType::Place).count(), 1, "{n:?}");
    assert!(n.contains(&("Casa Bianca".into(), EntityType::Place)), "{n:?}");
    let n = names("The White House said on Monday that protesters outside the White House had left.", "en");
    assert_eq!(n.iter().find(|(t, _)| t == "White House").map(|x| x.1), Some(EntityType::Organisation), "{n:?}");
    assert_eq!(n.iter().filter(|(t, k)| t == "White House" && *k == EntityType::Place).count(), 1, "{n:?}");
}
