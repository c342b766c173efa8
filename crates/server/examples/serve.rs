//! Serve a store (for the benchmark, before the CLI's `rassegna serve` exists):
//! `cargo run --release -p rassegna-server --example serve -- news.db 127.0.0.1:8099`.

// The allocator of the `rassegna` binary, so the benchmark serves as `rassegna serve` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let db = args.next().expect("usage: serve DB [ADDR]");
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8099".into());
    rassegna_server::serve(
        std::path::Path::new(&db),
        addr.parse()?,
        rassegna_server::WriteAccess::new(std::env::var("RASSEGNA_TOKEN").ok()),
    )
}
