//! Writes a large, valid registry for benchmarks: `cargo run --release --example gen-registry
//! -- --communities N DIR`. Every community passes every rule, so a check measures the
//! complete path through loading and rules rather than an early error.
//!
//! Meetings have fixed slots in seven time zones (monthly on a week of the month, one in ten
//! weekly), so `cop calendar` and `meeting-clash` have real work; communities that share a
//! member get slots two days apart or more, so that nothing clashes.

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
    let pool = count * 3 / 4 + 3;
    let slots = assign_slots(count, pool);
    for (n, slot) in slots.iter().enumerate() {
        let id = format!("community-{n:05}");
        let folder = dir.join("communities").join(&id);
        fs::create_dir_all(&folder)?;
        // Members rotate through a pool large enough that nobody is overcommitted.
        let member = |k: usize| format!("\"@person{}\"", (n * 3 + k) % pool);
        let status = if n % 10 == 9 { "proposed" } else { "active" };
        let yaml = format!(
            "subject: Community {n:05} of practice\nstatus: {status}\ndescription: \"Generated community number {n}: a topic, its experts, and their monthly call.\"\nfacilitators: [{f}]\nmembers:\n  - {f}\n  - {m1}\n  - {m2}\ncontributors: [\"@helper{n}\"]\nchannel: \"#cp_{id}\"\nmeeting:\n{meeting}  url: https://meet.example.com/{id}\nproject: https://gitlab.example.com/cop/{id}\ntopics: [generated, benchmark]\n",
            f = member(0),
            m1 = member(1),
            m2 = member(2),
            meeting = slot.yaml(n),
        );
        fs::write(folder.join("community.yaml"), yaml)?;
        fs::write(
            folder.join("README.md"),
            format!("# Community {n:05}\n\n<!-- cop:begin about -->\n<!-- cop:end about -->\n"),
        )?;
    }
    Ok(())
}

/// A family of meeting slots: communities in two families that `clash` could meet at once.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Slot {
    weekday: &'static str,
    /// `None`: weekly.
    week: Option<u8>,
}

impl Slot {
    /// Weekdays two days apart or more, so that no time zone brings them together.
    const WEEKDAYS: [&'static str; 3] = ["monday", "wednesday", "friday"];
    const ZONES: [&'static str; 7] = [
        "Europe/Berlin",
        "America/New_York",
        "Asia/Tokyo",
        "Australia/Sydney",
        "UTC",
        "America/Sao_Paulo",
        "Asia/Kolkata",
    ];

    fn clash(self, other: Slot) -> bool {
        self.weekday == other.weekday
            && (self.week.is_none() || other.week.is_none() || self.week == other.week)
    }

    fn yaml(self, n: usize) -> String {
        let zone = Slot::ZONES[n % Slot::ZONES.len()];
        let time = format!(
            "{:02}:{:02}",
            9 + n % 8,
            if n.is_multiple_of(2) { 0 } else { 30 }
        );
        match self.week {
            None => format!(
                "  cadence: weekly\n  weekday: {}\n  time: \"{time}\"\n  timezone: {zone}\n",
                self.weekday
            ),
            Some(week) => format!(
                "  cadence: monthly\n  weekday: {}\n  week: {week}\n  time: \"{time}\"\n  timezone: {zone}\n",
                self.weekday
            ),
        }
    }
}

/// A slot for every community such that communities sharing a person never clash (a greedy
/// colouring: each person is in a handful of communities).
fn assign_slots(count: usize, pool: usize) -> Vec<Slot> {
    let mut families: Vec<Slot> = Vec::new();
    for weekday in Slot::WEEKDAYS {
        families.push(Slot {
            weekday,
            week: None,
        });
        for week in 1..=4 {
            families.push(Slot {
                weekday,
                week: Some(week),
            });
        }
    }
    let mut of_person: Vec<Vec<usize>> = vec![Vec::new(); pool];
    let mut slots: Vec<Slot> = Vec::with_capacity(count);
    for n in 0..count {
        let people: Vec<usize> = (0..3).map(|k| (n * 3 + k) % pool).collect();
        let taken: Vec<Slot> = people
            .iter()
            .flat_map(|p| of_person[*p].iter().map(|m| slots[*m]))
            .collect();
        let weekly_first = n % 10 == 0;
        let mut order: Vec<Slot> = families.clone();
        order.rotate_left(n % families.len());
        order.sort_by_key(|f| f.week.is_none() != weekly_first);
        let slot = order
            .into_iter()
            .find(|f| taken.iter().all(|t| !f.clash(*t)))
            .unwrap_or(families[1]);
        slots.push(slot);
        for p in people {
            of_person[p].push(n);
        }
    }
    slots
}
