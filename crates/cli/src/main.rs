//! The `rassegna` command: glue between the command line and the pipeline, store and views.

mod follow;
mod output;
mod show;

// mimalloc: serving a search allocates many small strings; measured +12 % first-time searches per
// second over the system allocator (docs/notes/serve.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use rassegna_pipeline::{Config, Pipeline, RunReport};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit code of a run that completed but could not read or process some documents.
const EXIT_COMPLETED_WITH_ERRORS: u8 = 2;

#[derive(Parser)]
#[command(name = "rassegna", version, about = "Multi-source news intelligence: turn a stream of reports into stories.")]
struct Cli {
    /// The store: a SQLite file, or a PostgreSQL database as `postgres://USER@HOST:PORT/DB`.
    #[arg(long, global = true, default_value = "rassegna.db", env = "RASSEGNA_DB")]
    db: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Ingest inputs (files, directories, globs, `-` for stdin), run every stage, store the result.
    Run {
        /// Inputs: .txt, .html/.htm, .jsonl, .warc/.warc.gz, .rss/.atom/.xml, directories, globs, `-`.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// Also write articles.jsonl, stories.jsonl and errors.jsonl (the batch contract) here.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Documents per committed batch.
        #[arg(long, default_value_t = 256)]
        batch_size: usize,
        /// Print the time spent in each stage.
        #[arg(long)]
        timings: bool,
        /// Take main text out of HTML pages with the fast extractor (about three times the pages per
        /// second; better on news pages, weaker on mixed pages; see EVALUATION.md).
        #[arg(long)]
        fast: bool,
    },
    /// Run on the bundled demo corpus and print the stories found.
    Demo {
        /// The demo corpus directory (default: the one shipped in the repository).
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Write the batch contract files here too.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Use the fast HTML extractor (as `run --fast`).
        #[arg(long)]
        fast: bool,
    },
    /// List stories, newest first.
    Stories {
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        lang: Option<String>,
        #[arg(long)]
        outlet: Option<String>,
        #[arg(long)]
        entity: Option<String>,
    },
    /// Show one story: summary, reports, quotes, facts, timeline.
    Story { id: String },
    /// Full-text search (words, "a phrase", OR, -word): the stories of the best-matching reports.
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        lang: Option<String>,
        #[arg(long)]
        outlet: Option<String>,
    },
    /// Export the store.
    Export {
        #[arg(long, value_enum, default_value_t = output::ExportFormat::Jsonl)]
        format: output::ExportFormat,
        /// Output file (default: stdout).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List the input errors recorded by past runs, the followed sources (last fetch, status,
    /// new items, error) and the latest fetch errors.
    Errors,
    /// Follow feeds, sitemaps and pages: OPML files, text files of URLs (one a line), or URLs.
    /// Each source is polled on its own schedule (conditional requests), each new item's page is
    /// fetched once (robots.txt honoured, one request at a time per host) and processed.
    Follow {
        #[arg(required = true)]
        sources: Vec<String>,
        /// One pass over every source (except those told to wait by Retry-After or failing), then exit.
        #[arg(long)]
        once: bool,
        #[command(flatten)]
        how: follow::FollowArgs,
    },
    /// Correction: move an article into another story (the clusterer respects it from then on).
    Move { article: String, to_story: String },
    /// Correction: split articles out of a story into a new story of the same storyline.
    Split {
        story: String,
        #[arg(required = true)]
        articles: Vec<String>,
    },
    /// Correction: the entities these names stand for are one (any name or alias, any case).
    MergeEntities {
        #[arg(required = true, num_args = 2..)]
        names: Vec<String>,
    },
    /// Correction: these stored names are an entity apart from every other name.
    SplitEntity {
        #[arg(required = true)]
        names: Vec<String>,
    },
    /// Serve the HTTP JSON API (under /api/) and the web page (at /) over the store.
    Serve {
        /// Address to listen on (loopback by default).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// A file holding the token writes need (`Authorization: Bearer …`). Without a token
        /// (here or in RASSEGNA_TOKEN), writes are accepted from loopback clients only.
        #[arg(long)]
        token_file: Option<PathBuf>,
        /// Also follow these sources (as `rassegna follow`) in the same process.
        #[arg(long, num_args = 1.., value_name = "SOURCE")]
        follow: Vec<String>,
        #[command(flatten)]
        how: follow::FollowArgs,
    },
    /// Rebuild the full-text search index from the store (also while `serve` runs: it waits for
    /// the server's turn at the index, and the server searches the new index from then on).
    Index,
    /// Score a stage on a development set.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Put documents on a Kafka topic (keyed by content hash) for `rassegna worker`s to process.
    Publish {
        /// Inputs, as for `run`.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// The broker(s), HOST:PORT[,HOST:PORT...].
        #[arg(long, env = "RASSEGNA_KAFKA")]
        kafka: String,
        #[arg(long, default_value = rassegna_kafka::DEFAULT_TOPIC)]
        topic: String,
    },
    /// Process documents from a Kafka topic into the store; run it on as many machines as needed
    /// (one consumer group; the stateful stages run in one worker at a time, chosen by a lease).
    Worker {
        #[arg(long, env = "RASSEGNA_KAFKA")]
        kafka: String,
        #[arg(long, default_value = rassegna_kafka::DEFAULT_TOPIC)]
        topic: String,
        #[arg(long, default_value = rassegna_kafka::DEFAULT_GROUP)]
        group: String,
        /// Documents per transaction.
        #[arg(long, default_value_t = 64)]
        batch_size: usize,
        /// Faster main-text extraction (see `run --fast`).
        #[arg(long)]
        fast: bool,
        /// Exit after this many seconds with nothing to do (for one-off runs).
        #[arg(long)]
        exit_when_idle: Option<u64>,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Main-text extraction.
    Extract(rassegna_eval::extract::Args),
    /// Story clustering.
    Cluster(rassegna_eval::cluster::Args),
    /// Page clutter in stored texts, titles, summaries and facts; stories spanning months.
    Clutter(rassegna_eval::clutter::Args),
    /// Named entities.
    Ner(rassegna_eval::ner::Args),
    /// Direct quotes and their speakers.
    Quotes(rassegna_eval::quotes::Args),
    /// Time expressions and timelines.
    Time(rassegna_eval::time::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // The reader went away (`rassegna stories | head`): stop quietly, as Unix tools do.
        Err(e) if broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rassegna: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Publish { inputs, kafka, topic } => {
            let (files, skipped, expand_errors) = rassegna_ingest::expand(&inputs);
            for p in &skipped {
                eprintln!("rassegna: skipped {} (not an input format)", p.display());
            }
            let items = expand_errors.into_iter().map(Err).chain(files.iter().flat_map(rassegna_ingest::read));
            let sent = rassegna_kafka::publish(&kafka, &topic, items)?;
            for e in &sent.errors {
                eprintln!("rassegna: {e}");
            }
            eprintln!(
                "rassegna: published {} documents and {} input errors to {topic} on {kafka}",
                sent.documents,
                sent.errors.len()
            );
            Ok(if sent.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_COMPLETED_WITH_ERRORS) })
        }
        Command::Worker { kafka, topic, group, batch_size, fast, exit_when_idle } => {
            let cfg = rassegna_kafka::WorkerConfig {
                brokers: kafka,
                topic,
                group,
                db: cli.db.clone(),
                batch: batch_size.max(1),
                pipeline: Config { batch_size: batch_size.max(1), extraction: extraction(fast) },
                holder: format!(
                    "{}-{}",
                    std::fs::read_to_string("/etc/hostname").unwrap_or_default().trim(),
                    std::process::id()
                ),
                exit_when_idle: exit_when_idle.map(std::time::Duration::from_secs),
            };
            let stop = std::sync::atomic::AtomicBool::new(false);
            let holder = cfg.holder.clone();
            let log = move |m: &str| eprintln!("rassegna worker {holder}: {m}");
            let report = rassegna_kafka::run_worker(&cfg, &stop, &log)?;
            eprintln!(
                "rassegna worker {}: analysed {} documents, stored {} as the stateful stage",
                cfg.holder, report.analysed, report.stored
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Run { inputs, out, batch_size, timings, fast } => {
            let config = Config { batch_size: batch_size.max(1), extraction: extraction(fast) };
            let report = ingest(&cli.db, &inputs, config, timings)?;
            finish(&cli.db, &report, out.as_deref())
        }
        Command::Demo { corpus, out, fast } => {
            let corpus = corpus.unwrap_or_else(default_corpus);
            anyhow::ensure!(corpus.is_dir(), "demo corpus not found at {}; pass --corpus DIR", corpus.display());
            let config = Config { extraction: extraction(fast), ..Config::default() };
            let report = ingest(&cli.db, &[corpus.display().to_string()], config, false)?;
            let code = finish(&cli.db, &report, out.as_deref())?;
            show::demo_summary(&cli.db, &report)?;
            Ok(code)
        }
        Command::Stories { limit, lang, outlet, entity } => {
            let filter = rassegna_store::StoryFilter { lang, outlet, entity, ..Default::default() };
            show::stories(&mut std::io::stdout().lock(), &open_facade(&cli.db)?, limit, filter)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Story { id } => {
            show::story(&mut std::io::stdout().lock(), &open_facade(&cli.db)?, &id)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Search { query, limit, lang, outlet } => {
            let q = rassegna_search::SearchQuery { text: query, limit, lang, outlet, ..Default::default() };
            show::search(&mut std::io::stdout().lock(), &open_facade(&cli.db)?, q)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { format, out } => {
            let facade = open_facade(&cli.db)?;
            match out {
                Some(path) => {
                    let f =
                        std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
                    output::export(&facade, format, &mut std::io::BufWriter::new(f))?;
                }
                None => output::export(&facade, format, &mut std::io::stdout().lock())?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Errors => {
            let mut out = std::io::stdout().lock();
            let facade = open_facade(&cli.db)?;
            for e in facade.errors()? {
                let line = e.line.map(|l| format!(":{l}")).unwrap_or_default();
                writeln!(out, "{}{line}: {}", e.file, e.message)?;
            }
            show::follow_status(&mut out, &facade.follow_status(50)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Follow { sources, once, how } => {
            if !cli.db.to_str().is_some_and(rassegna_store::is_url) && !cli.db.exists() {
                eprintln!("rassegna: creating the store at {}", cli.db.display());
            }
            let clean = follow::follow(&cli.db, &sources, &how, once)?;
            Ok(if clean { ExitCode::SUCCESS } else { ExitCode::from(EXIT_COMPLETED_WITH_ERRORS) })
        }
        Command::Move { article, to_story } => {
            let c = rassegna_pipeline::Correction::MoveArticle { article, to_story };
            correct(&cli.db, &c)
        }
        Command::Split { story, articles } => {
            let c = rassegna_pipeline::Correction::SplitStory { story, articles };
            correct(&cli.db, &c)
        }
        Command::MergeEntities { names } => correct(&cli.db, &rassegna_pipeline::Correction::MergeEntities { names }),
        Command::SplitEntity { names } => correct(&cli.db, &rassegna_pipeline::Correction::SplitEntity { names }),
        Command::Serve { addr, token_file, follow, how } => {
            if follow.is_empty() {
                open_store(&cli.db)?;
            } else {
                rassegna_store::Store::open(&cli.db)?;
            }
            let token = match token_file {
                Some(f) => Some(
                    std::fs::read_to_string(&f)
                        .with_context(|| format!("cannot read the token file {}", f.display()))?,
                ),
                None => std::env::var("RASSEGNA_TOKEN").ok(),
            };
            if token.as_deref().is_some_and(|t| t.trim().len() < 16) {
                anyhow::bail!("the token is shorter than 16 characters: use a long random one");
            }
            if !follow.is_empty() {
                follow::init_logs(how.log_json);
                let (urls, _) = follow::sources(&follow)?;
                tracing::info!(sources = urls.len(), store = %cli.db.display(), "following while serving");
                let mut follower = rassegna_follow::Follower::open(&cli.db, urls, how.config())?;
                std::thread::spawn(move || {
                    let stop = std::sync::atomic::AtomicBool::new(false);
                    let _ = follower.run(&stop, std::time::Duration::from_secs(1), &mut |_| {});
                });
            }
            rassegna_server::serve(&cli.db, addr, rassegna_server::WriteAccess::new(token))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Index => {
            open_store(&cli.db)?;
            let stats = rassegna_query::rebuild_index(&cli.db)?;
            let dir = rassegna_query::index_dir(&cli.db);
            println!("indexed {} articles in {} ms into {}", stats.articles, stats.millis, dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(cmd) => {
            match cmd {
                EvalCommand::Extract(a) => rassegna_eval::extract::run(&a)?,
                EvalCommand::Cluster(a) => rassegna_eval::cluster::run(&a)?,
                EvalCommand::Clutter(a) => rassegna_eval::clutter::run(&a)?,
                EvalCommand::Ner(a) => rassegna_eval::ner::run(&a)?,
                EvalCommand::Quotes(a) => rassegna_eval::quotes::run(&a)?,
                EvalCommand::Time(a) => rassegna_eval::time::run(&a)?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn correct(db: &Path, c: &rassegna_pipeline::Correction) -> Result<ExitCode> {
    open_store(db)?;
    let mut pipeline = Pipeline::open(db, Config::default())?;
    let touched = pipeline.correct(c)?;
    match c {
        rassegna_pipeline::Correction::MergeEntities { .. } | rassegna_pipeline::Correction::SplitEntity { .. } => {
            println!("corrected; entities now: {}", touched.join(", "))
        }
        _ => println!("corrected; stories changed: {}", touched.join(", ")),
    }
    Ok(ExitCode::SUCCESS)
}

/// The demo corpus shipped in the repository.
fn default_corpus() -> PathBuf {
    let here = Path::new("corpus/demo");
    if here.is_dir() {
        return here.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo")
}

fn open_facade(db: &Path) -> Result<rassegna_query::Facade> {
    open_store(db)?;
    Ok(rassegna_query::Facade::open_with_readers(db, 1)?)
}

fn open_store(db: &Path) -> Result<rassegna_store::Store> {
    let url = db.to_str().is_some_and(rassegna_store::is_url);
    anyhow::ensure!(
        url || db.exists(),
        "no store at {}: run `rassegna run INPUT...` or `rassegna demo` first",
        db.display()
    );
    Ok(rassegna_store::Store::open(db)?)
}

fn extraction(fast: bool) -> rassegna_pipeline::Extraction {
    if fast { rassegna_pipeline::Extraction::Fast } else { rassegna_pipeline::Extraction::Accurate }
}

fn ingest(db: &Path, inputs: &[String], config: Config, timings: bool) -> Result<RunReport> {
    let (files, skipped, expand_errors) = rassegna_ingest::expand(inputs);
    for p in &skipped {
        eprintln!("rassegna: skipped {} (not an input format)", p.display());
    }
    let mut pipeline =
        Pipeline::open(db, config).with_context(|| format!("cannot open the store at {}", db.display()))?;
    // Progress in bytes of the inputs (one big JSON Lines file moves the bar too), with the
    // documents done; stdin has no size, so its bar only counts.
    let size = |f: &rassegna_ingest::Input| match f {
        rassegna_ingest::Input::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
        rassegna_ingest::Input::Bytes { bytes, .. } => bytes.len() as u64,
        rassegna_ingest::Input::Stdin => 0,
    };
    let bar = ProgressBar::new(files.iter().map(size).sum());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {binary_bytes}/{binary_total_bytes}  {msg}  eta {eta}",
        )
        .expect("valid template"),
    );
    bar.set_message(format!("0 documents of {} files", files.len()));
    let items = expand_errors.into_iter().map(Err).chain(files.iter().flat_map(rassegna_ingest::read));
    let report = pipeline.process(items, |done| {
        bar.set_position(done.bytes);
        bar.set_message(format!("{} documents of {} files", done.documents, files.len()));
    })?;
    // A run ends with its store's registry current, however large the store.
    pipeline.registry_up_to_date()?;
    bar.finish_and_clear();
    if timings {
        for (stage, took) in pipeline.timings().report() {
            eprintln!("rassegna: time in {stage:<10} {:>8.2} s", took.as_secs_f64());
        }
    }
    Ok(report)
}

fn finish(db: &Path, report: &RunReport, out: Option<&Path>) -> Result<ExitCode> {
    for w in &report.warnings {
        eprintln!("rassegna: warning: {w}");
    }
    for e in &report.errors {
        eprintln!("rassegna: error: {e}");
    }
    if let Some(dir) = out {
        output::write_contract(&rassegna_query::Facade::open_with_readers(db, 1)?, report, dir)?;
        eprintln!("rassegna: wrote {}/articles.jsonl and stories.jsonl", dir.display());
    }
    eprintln!(
        "rassegna: {} new, {} already stored, {} errors; {} stories touched; store {}",
        report.new,
        report.unchanged,
        report.errors.len(),
        report.touched_stories.len(),
        db.display()
    );
    Ok(if report.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_COMPLETED_WITH_ERRORS) })
}
