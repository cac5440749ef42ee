//! A synthetic plan of N realistic actions (and one measure for every 20,
//! with 20 periods of figures each), for benchmarks and load tests
//! (`examples/gen_plan`, and `benches/loader.rs` through `#[path]`).
//!
//! The same N and seed always give the same files, byte for byte, and the
//! plan validates clean (every lead, priority and section it cites is in its
//! csp.toml; completed dates are in the past). Actions look like the bundled
//! plan's: nested sections, leads written by key, month and day dues,
//! recurrence, statuses, RAG ratings, tags, progress updates and comments.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// `SplitMix64`: tiny, fast and good enough to vary synthetic text; a crate
/// would add a dependency for nothing the benchmark needs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const AREAS: &[&str] = &[
    "east-cambs",
    "fenland",
    "huntingdonshire",
    "south-cambs",
    "cambridge-city",
    "peterborough",
];

const THEMES: &[(&str, &str)] = &[
    ("statutory-duties", "Statutory duties"),
    ("serious-violence", "Serious violence"),
    ("domestic-abuse", "Domestic abuse"),
    ("exploitation", "Exploitation"),
    ("antisocial-behaviour", "Antisocial behaviour"),
    ("drugs-and-alcohol", "Drugs and alcohol"),
    ("rural-crime", "Rural and acquisitive crime"),
    ("hate-crime", "Hate crime and incidents"),
    ("young-people", "Young people"),
    ("road-safety", "Road safety"),
    ("fraud", "Cybercrime and fraud"),
    ("communications", "Awareness raising and communications"),
];

const SUBTHEMES: &[(&str, &str)] = &[
    ("prevention", "Prevention"),
    ("enforcement", "Enforcement"),
    ("victim-support", "Victim support"),
    ("data-and-analysis", "Data and analysis"),
    ("training", "Training"),
    ("partnership-working", "Partnership working"),
];

/// (key, full name, aliases)
const LEADS: &[(&str, &str, &[&str])] = &[
    ("CSP", "Community Safety Partnership", &["CSP Board"]),
    ("delivery-group", "CSP Delivery Group", &["Delivery Group"]),
    (
        "ECDC",
        "East Cambridgeshire District Council",
        &["East Cambs District Council"],
    ),
    ("ecdc-housing", "ECDC Housing", &["Housing team"]),
    ("CCC", "Cambridgeshire County Council", &["County Council"]),
    (
        "police",
        "Cambridgeshire Constabulary",
        &["Police", "Cambs Police"],
    ),
    ("fire", "Cambridgeshire Fire and Rescue Service", &["CFRS"]),
    ("probation", "Probation Service", &[]),
    ("ICB", "Integrated Care Board", &["NHS"]),
    (
        "OPCC",
        "Office of the Police and Crime Commissioner",
        &["PCC"],
    ),
    ("trading-standards", "Trading Standards", &[]),
    ("youth-services", "Youth services", &["Youth team"]),
    ("DAP", "Domestic Abuse Partnership", &["DASV Partnership"]),
    ("parishes", "Parish councils", &[]),
    ("schools", "Schools", &["Local schools"]),
    (
        "VCS",
        "Voluntary and community sector",
        &["Voluntary sector"],
    ),
];

const VERBS: &[&str] = &[
    "Commission",
    "Review",
    "Deliver",
    "Publish",
    "Coordinate",
    "Develop",
    "Promote",
    "Run",
    "Evaluate",
    "Agree",
    "Map",
    "Fund",
];

const OBJECTS: &[&str] = &[
    "the annual strategic assessment",
    "a county-wide awareness campaign",
    "training for front-line staff",
    "joint patrols in the market towns",
    "a referral pathway for victims",
    "the information sharing protocol",
    "youth diversion activities",
    "a problem-solving plan for hotspots",
    "the serious violence needs assessment",
    "community safety forums",
    "a review of domestic homicide cases",
    "drop-in sessions with parish councils",
];

const REASONS: &[&str] = &[
    "so that partners share one picture of risk across the district",
    "in response to concern raised at the last community safety forum",
    "as required by the Crime and Disorder Act 1998",
    "to meet the duties of the Domestic Abuse Act 2021",
    "following the recommendations of the last review",
    "to reach residents who do not usually contact services",
];

const TIMESCALES: &[&str] = &[
    "Ongoing",
    "Quarterly",
    "Yearly",
    "By the end of the financial year",
    "Spring board meeting",
    "Within six months",
];

const EVERY: &[&str] = &["month", "quarter", "year", "6 months", "2 weeks", "2 years"];

const TAGS: &[&str] = &[
    "violence", "vawg", "youth", "rural", "online", "prevent", "asb", "data",
];

const CONTACTS: &[&str] = &[
    "A. Officer",
    "B. Analyst",
    "C. Coordinator",
    "D. Sergeant",
    "E. Manager",
];

const NOTES: &[&str] = &[
    "Draft shared with the Delivery Group.",
    "Funding confirmed by the OPCC.",
    "Agreed at the board; first sessions booked.",
    "Delayed: waiting for data from partners.",
    "Evaluation report circulated to members.",
    "Two schools signed up; more in the autumn term.",
];

/// A section directory and its title.
struct SectionDir {
    path: String,
    title: String,
}

/// Leaf sections for `n` actions, about 25 actions each, every third one a
/// sub-section one level deeper; `all` also lists their parents, which the
/// manifest must name too.
fn sections(n: usize) -> (Vec<SectionDir>, Vec<SectionDir>) {
    let leaves_wanted = n.div_ceil(25).max(1);
    let mut leaves = Vec::new();
    let mut all = Vec::new();
    let mut round = 0;
    'outer: loop {
        for area in AREAS {
            let area_path = if round == 0 {
                (*area).to_string()
            } else {
                format!("{area}-{round}")
            };
            all.push(SectionDir {
                path: area_path.clone(),
                title: title_case(&area_path),
            });
            for (index, (theme, theme_title)) in THEMES.iter().enumerate() {
                let theme_path = format!("{area_path}/{theme}");
                all.push(SectionDir {
                    path: theme_path.clone(),
                    title: (*theme_title).to_string(),
                });
                if index % 3 == 2 {
                    for (sub, sub_title) in SUBTHEMES.iter().take(2) {
                        let path = format!("{theme_path}/{sub}");
                        all.push(SectionDir {
                            path: path.clone(),
                            title: (*sub_title).to_string(),
                        });
                        leaves.push(SectionDir {
                            path,
                            title: (*sub_title).to_string(),
                        });
                    }
                } else {
                    leaves.push(SectionDir {
                        path: theme_path,
                        title: (*theme_title).to_string(),
                    });
                }
                if leaves.len() >= leaves_wanted {
                    break 'outer;
                }
            }
        }
        round += 1;
    }
    (leaves, all)
}

fn title_case(slug: &str) -> String {
    slug.split('-')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn manifest(all: &[SectionDir]) -> String {
    let mut text = String::from(
        "# A synthetic plan written by examples/gen_plan.rs for benchmarks.\n\
         [plan]\nname = \"Synthetic county-wide community safety plan\"\nupcoming = \"30d\"\n\n\
         [priorities]\n\
         1 = \"Understanding risk and vulnerability of people and places.\"\n\
         2 = \"Tackling local issues of high harm.\"\n\
         3 = \"Building safer, more confident communities.\"\n\
         4 = \"Reducing reoffending.\"\n\n[sections]\n",
    );
    for section in all {
        let _ = writeln!(text, "\"{}\" = \"{}\"", section.path, section.title);
    }
    for (key, name, aliases) in LEADS {
        let _ = write!(text, "\n[leads.{key}]\nname = \"{name}\"\n");
        if !aliases.is_empty() {
            let quoted: Vec<String> = aliases.iter().map(|a| format!("\"{a}\"")).collect();
            let _ = writeln!(text, "aliases = [{}]", quoted.join(", "));
        }
    }
    text
}

fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("\"{item}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// Distinct picks from `items`, `count` of them at most.
fn distinct<'a>(rng: &mut Rng, items: &[&'a str], count: usize) -> Vec<&'a str> {
    let mut chosen: Vec<&str> = Vec::new();
    for _ in 0..count {
        let item = *rng.pick(items);
        if !chosen.contains(&item) {
            chosen.push(item);
        }
    }
    chosen
}

/// A day in 2022..=2025 (past, so `completed` never lands after today).
fn past_day(rng: &mut Rng) -> (u32, u32, u32) {
    (
        2022 + rng.below(4) as u32,
        1 + rng.below(12) as u32,
        1 + rng.below(28) as u32,
    )
}

fn action(rng: &mut Rng, number: usize) -> String {
    let lead_keys: Vec<&str> = LEADS.iter().map(|(key, _, _)| *key).collect();
    let verb = rng.pick(VERBS);
    let object = rng.pick(OBJECTS);
    let mut text = String::with_capacity(1024);
    if rng.chance(30) {
        text.push_str("# Carried over from last year's plan; see the board minutes.\n");
    }
    let _ = writeln!(text, "title = \"{verb} {object} ({number})\"");
    let _ = writeln!(
        text,
        "description = \"{verb} {object} {}. Partners report progress to the Delivery Group, which escalates risks to the board.\"",
        rng.pick(REASONS)
    );
    let count = 1 + usize::from(rng.chance(25));
    let lead = distinct(rng, &lead_keys, count);
    if lead.len() == 1 && rng.chance(50) {
        let _ = writeln!(text, "lead = \"{}\"", lead[0]);
    } else {
        let _ = writeln!(text, "lead = {}", list(&lead));
    }
    if rng.chance(60) {
        let count = 1 + rng.below(3);
        // A lead is involved already, so never also a partner (a warning).
        let others: Vec<&str> = lead_keys
            .iter()
            .filter(|key| !lead.contains(key))
            .copied()
            .collect();
        let partners = distinct(rng, &others, count);
        let _ = writeln!(text, "partners = {}", list(&partners));
    }
    if rng.chance(40) {
        let _ = writeln!(text, "contacts = {}", list(&distinct(rng, CONTACTS, 2)));
    }
    if rng.chance(80) {
        let priority = if rng.chance(20) {
            "[1, 2]".to_string()
        } else {
            format!("[{}]", 1 + rng.below(4))
        };
        let _ = writeln!(text, "priority = {priority}");
    }
    if rng.chance(50) {
        let _ = writeln!(text, "timescale = \"{}\"", rng.pick(TIMESCALES));
    }
    let recurring = rng.chance(20);
    let year = 2023 + rng.below(4);
    let month = 1 + rng.below(12);
    match rng.below(10) {
        0..=3 => {
            let _ = writeln!(text, "due = {year}-{month:02}-{:02}", 1 + rng.below(28));
        }
        4..=6 => {
            let _ = writeln!(text, "due = \"{year}-{month:02}\"");
        }
        _ => {}
    }
    if recurring {
        let _ = writeln!(text, "every = \"{}\"", rng.pick(EVERY));
    }
    let status = *rng.pick(&[
        "open",
        "open",
        "open",
        "in-progress",
        "in-progress",
        "blocked",
        "done",
        "dropped",
    ]);
    if status != "open" || rng.chance(30) {
        let _ = writeln!(text, "status = \"{status}\"");
    }
    if rng.chance(50) {
        let _ = writeln!(text, "rag = \"{}\"", rng.pick(&["red", "amber", "green"]));
    }
    if status == "done" || (recurring && rng.chance(70)) {
        let (y, m, d) = past_day(rng);
        let _ = writeln!(text, "completed = {y}-{m:02}-{d:02}");
    }
    if rng.chance(50) {
        let count = 1 + rng.below(3);
        let _ = writeln!(text, "tags = {}", list(&distinct(rng, TAGS, count)));
    }
    for _ in 0..rng.below(4) {
        let (y, m, d) = past_day(rng);
        let _ = write!(
            text,
            "\n[[update]]\ndate = {y}-{m:02}-{d:02}\ntext = \"{}\"\n",
            rng.pick(NOTES)
        );
    }
    text
}

fn slug(rng: &mut Rng, number: usize) -> String {
    let verb = rng.pick(VERBS).to_lowercase();
    let word = rng.pick(&[
        "assessment",
        "campaign",
        "training",
        "patrols",
        "pathway",
        "forum",
        "review",
        "survey",
    ]);
    format!("{verb}-{word}-{number:06}")
}

/// Writes the plan of `n` actions for `seed` into `dir`.
pub(crate) fn generate(n: usize, dir: &Path, seed: u64) -> std::io::Result<()> {
    let mut rng = Rng(seed);
    let (leaves, all) = sections(n);
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("csp.toml"), manifest(&all))?;
    for section in &all {
        std::fs::create_dir_all(dir.join(&section.path))?;
    }
    let mut ids = Vec::with_capacity(n);
    for number in 0..n {
        let section = &leaves[number % leaves.len()];
        let name = slug(&mut rng, number);
        let path: PathBuf = dir.join(&section.path).join(format!("{name}.toml"));
        std::fs::write(path, action(&mut rng, number))?;
        ids.push(format!("{}/{name}", section.path));
    }
    // Measures after the actions, from their own stream, so a plan's
    // actions are the same files with or without them.
    let count = measures_for(n);
    if count > 0 {
        let mut rng = Rng(seed ^ 0x6d65_6173_7572_6573);
        let measures = dir.join("measures");
        std::fs::create_dir_all(&measures)?;
        for number in 0..count {
            std::fs::write(
                measures.join(format!("indicator-{number:05}.toml")),
                measure(&mut rng, number, &ids),
            )?;
        }
    }
    Ok(())
}

/// One measure for every 20 actions: 5,000 beside 100,000 actions.
pub(crate) fn measures_for(n: usize) -> usize {
    n / 20
}

/// How many periods of figures each measure holds.
pub(crate) const PERIODS: usize = 20;

const INDICATORS: &[(&str, &str, &str)] = &[
    (
        "Anti-social behaviour incidents reported to the police",
        "incidents",
        "lower",
    ),
    ("Reports of domestic abuse", "reports", "higher"),
    ("Proven reoffending rate of the cohort", "%", "lower"),
    ("Successful exits from drug treatment", "%", "higher"),
    ("Deliberate fires", "fires", "lower"),
    (
        "Young people diverted from the justice system",
        "young people",
        "higher",
    ),
    ("Victims supported by the service", "victims", "higher"),
    ("Cost of criminal damage to council property", "£", "lower"),
];

/// A measure as partnerships keep them: a third monthly, most quarterly,
/// some yearly; counts summed, rates latest or mean; figures for the 20
/// periods ending by Dec 2025 (all ended at the benchmark's as-of day),
/// some with notes; targets for the years they span.
fn measure(rng: &mut Rng, number: usize, ids: &[String]) -> String {
    let (title, unit, better) = *rng.pick(INDICATORS);
    let lead_keys: Vec<&str> = LEADS.iter().map(|(key, _, _)| *key).collect();
    let frequency = *rng.pick(&["month", "quarter", "quarter", "year"]);
    let aggregate = match (unit, frequency) {
        ("%", "month") => "mean",
        ("%", _) => "latest",
        _ => "sum",
    };
    let mut text = String::with_capacity(1024);
    let _ = writeln!(text, "title = \"{title} ({number})\"");
    let _ = writeln!(text, "lead = [\"{}\"]", rng.pick(&lead_keys));
    let _ = writeln!(text, "unit = \"{unit}\"");
    let _ = writeln!(text, "better = \"{better}\"");
    let _ = writeln!(text, "frequency = \"{frequency}\"");
    let _ = writeln!(text, "aggregate = \"{aggregate}\"");
    if frequency != "year" {
        let _ = writeln!(text, "lag = \"{}\"", rng.pick(&["4w", "6w", "1m"]));
    }
    let _ = writeln!(text, "priority = [{}]", 1 + rng.below(4));
    if !ids.is_empty() && rng.chance(50) {
        let _ = writeln!(text, "actions = [\"{}\"]", rng.pick(ids));
    }
    let scale = if unit == "%" {
        100
    } else {
        50 + rng.below(2000)
    };
    let _ = writeln!(
        text,
        "baseline = {{ period = \"2019/20\", value = {} }}",
        scale / 2 + rng.below(scale)
    );
    // The periods: the 20 ending with Dec 2025, Q3 2025/26 or 2024/25.
    let periods: Vec<String> = match frequency {
        "month" => (0..PERIODS)
            .map(|back| {
                let months = 2025 * 12 + 11 - (PERIODS - 1 - back);
                let name = [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec",
                ][months % 12];
                format!("{name} {}", months / 12)
            })
            .collect(),
        "quarter" => (0..PERIODS)
            .map(|back| {
                let quarters = 2025 * 4 + 2 - (PERIODS - 1 - back);
                let year = quarters / 4;
                format!("Q{} {year}/{:02}", quarters % 4 + 1, (year + 1) % 100)
            })
            .collect(),
        _ => (0..PERIODS)
            .map(|back| {
                let year = 2024 - (PERIODS - 1 - back);
                format!("{year}/{:02}", (year + 1) % 100)
            })
            .collect(),
    };
    let per_year = match frequency {
        "month" => 12,
        "quarter" => 4,
        _ => 1,
    };
    text.push_str("\n[target]\n");
    for year in 2023..=2025 {
        let target = if aggregate == "sum" {
            scale * per_year
        } else {
            scale
        };
        let _ = writeln!(text, "\"{year}/{:02}\" = {target}", (year + 1) % 100);
    }
    text.push_str("\n[values]\n");
    for period in &periods {
        let value = if unit == "%" {
            format!("{}.{}", 20 + rng.below(60), rng.below(10))
        } else {
            (scale / 2 + rng.below(scale)).to_string()
        };
        if rng.chance(10) {
            let _ = writeln!(
                text,
                "\"{period}\" = {{ value = {value}, note = \"{}\" }}",
                rng.pick(&[
                    "provisional",
                    "revised by the supplier",
                    "data quality under review"
                ])
            );
        } else {
            let _ = writeln!(text, "\"{period}\" = {value}");
        }
    }
    text
}
