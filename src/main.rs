use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cop::cli::Cli::parse();
    match cop::run(cli) {
        Ok(code) => code,
        Err(error) => {
            anstream::eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
