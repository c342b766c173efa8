//! A small HTTP/1.1 keep-alive load generator for the serving benchmark: N concurrent clients
//! cycle through URL paths for a fixed time and report throughput, errors and latency quantiles.
//! `cargo run --release -p rassegna-server --example load -- 127.0.0.1:8099 64 20 /stories/st-000001 /api/search?q=ponte`
//! Several servers (replicas of one store) are given as `ADDR,ADDR,...`: the clients are spread over them in turn.
//! With `WINDOW=60` in the environment it also prints the figures of every 60-second window (for soaks).

use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

async fn one(stream: &mut BufReader<TcpStream>, addr: &str, path: &str) -> std::io::Result<u16> {
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: keep-alive\r\n\r\n");
    stream.get_mut().write_all(req.as_bytes()).await?;
    let mut line = String::new();
    stream.read_line(&mut line).await?;
    let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut len = 0usize;
    loop {
        line.clear();
        stream.read_line(&mut line).await?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; len];
    stream.read_exact(&mut body).await?;
    Ok(status)
}

// One thread: the clients only wait on sockets, and a generator that takes fewer of the cores it
// shares with the server measures the server more than itself.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let addrs: Vec<String> = args[0].split(',').map(str::to_string).collect();
    let clients: usize = args[1].parse().expect("clients");
    let secs: u64 = args[2].parse().expect("seconds");
    let paths: Vec<String> = args[3..].to_vec();
    let window: u64 = std::env::var("WINDOW").ok().and_then(|w| w.parse().ok()).unwrap_or(0);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (addr, paths) = (addrs[c % addrs.len()].clone(), paths.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0usize;
            let mut stream = BufReader::new(TcpStream::connect(&addr).await.expect("connect"));
            let mut i = c;
            while Instant::now() < deadline {
                let path = &paths[i % paths.len()];
                i += 1;
                let t = Instant::now();
                match one(&mut stream, &addr, path).await {
                    Ok(200) => lat.push((t.duration_since(started).as_secs(), t.elapsed())),
                    _ => {
                        errors += 1;
                        stream = BufReader::new(TcpStream::connect(&addr).await.expect("reconnect"));
                    }
                }
            }
            (lat, errors)
        }));
    }
    let mut timed = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await.expect("client task");
        timed.extend(l);
        errors += e;
    }
    if window > 0 {
        for from in (0..secs).step_by(window as usize) {
            let w: Vec<Duration> =
                timed.iter().filter(|(at, _)| (from..from + window).contains(at)).map(|x| x.1).collect();
            print!("window {from:>5}-{:<5} s: ", (from + window).min(secs));
            report(w, None, window.min(secs - from));
        }
        print!("all: ");
    }
    report(timed.into_iter().map(|x| x.1).collect(), Some(errors), secs);
}

fn report(mut all: Vec<Duration>, errors: Option<usize>, secs: u64) {
    all.sort();
    let q = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1))).copied().unwrap_or_default()
    };
    let errors = errors.map(|e| format!(" errors {e}")).unwrap_or_default();
    println!(
        "requests {}{errors} rps {:.0} p50 {:.1} ms p99 {:.1} ms max {:.1} ms",
        all.len(),
        all.len() as f64 / secs.max(1) as f64,
        q(0.5).as_secs_f64() * 1e3,
        q(0.99).as_secs_f64() * 1e3,
        all.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
}
