use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cop::cli::Cli::parse();
    match cop::run(cli) {
        Ok(code) => code,
        Err(error) => {
            cop::report::write_stderr(&format!("error: {error:#}\n"));
            ExitCode::from(2)
        }
    }
}
