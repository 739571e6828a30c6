//! Benchmarks (being written).
#[derive(clap::Args, Debug)]
pub struct BenchArgs {}
pub fn run(_args: &BenchArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
