use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = backend::config::Cli::parse();
    backend::app::init_tracing();
    match backend::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("thesis-match: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
