//! Writes a large, valid registry for benchmarks: `cargo run --release --example gen-registry
//! -- --communities N DIR`. Every community passes every rule, so a check measures the
//! complete path through loading and rules rather than an early error.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut count = 1000usize;
    let mut dir: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--communities" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => count = n,
                None => return usage("--communities needs a number"),
            },
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => return usage(&format!("unexpected argument `{arg}`")),
        }
    }
    let Some(dir) = dir else {
        return usage("missing DIR");
    };
    match generate(&dir, count) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: gen-registry --communities N DIR");
    ExitCode::from(2)
}

fn generate(dir: &Path, count: usize) -> std::io::Result<()> {
    fs::create_dir_all(dir.join("communities"))?;
    fs::create_dir_all(dir.join("handbook"))?;
    fs::write(
        dir.join("cop.yaml"),
        "pages:\n  - handbook/communities-of-practice.md\n",
    )?;
    fs::write(
        dir.join("handbook/communities-of-practice.md"),
        "# Communities of Practice\n\n## Active Communities of Practice\n\n<!-- cop:begin active -->\n<!-- cop:end active -->\n\n## Suggested Communities\n\n<!-- cop:begin suggested -->\n<!-- cop:end suggested -->\n",
    )?;
    for n in 0..count {
        let id = format!("community-{n:05}");
        let folder = dir.join("communities").join(&id);
        fs::create_dir_all(&folder)?;
        // Members rotate through a pool large enough that nobody is overcommitted.
        let member = |k: usize| format!("\"@person{}\"", (n * 3 + k) % (count * 3 / 4 + 3));
        let status = if n % 10 == 9 { "proposed" } else { "active" };
        let yaml = format!(
            "subject: Community {n:05} of practice\nstatus: {status}\ndescription: \"Generated community number {n}: a topic, its experts, and their monthly call.\"\nfacilitators: [{f}]\nmembers:\n  - {f}\n  - {m1}\n  - {m2}\ncontributors: [\"@helper{n}\"]\nchannel: \"#cp_{id}\"\nmeeting:\n  cadence: monthly\n  weekday: tuesday\n  week: 2\n  time: \"16:00\"\n  timezone: Europe/Berlin\n  url: https://meet.example.com/{id}\nproject: https://gitlab.example.com/cop/{id}\ntopics: [generated, benchmark]\n",
            f = member(0),
            m1 = member(1),
            m2 = member(2),
        );
        fs::write(folder.join("community.yaml"), yaml)?;
        fs::write(
            folder.join("README.md"),
            format!("# Community {n:05}\n\n<!-- cop:begin about -->\n<!-- cop:end about -->\n"),
        )?;
    }
    Ok(())
}
