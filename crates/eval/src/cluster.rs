//! Evaluation of the cluster stage.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory of the development set.
    pub dir: PathBuf,
}

pub fn run(_args: &Args) -> anyhow::Result<()> {
    anyhow::bail!("eval cluster: not implemented yet")
}
