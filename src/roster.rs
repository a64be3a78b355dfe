//! The roster of grassroots unions (danh sách CĐCS): model, loading, name lookup.

use std::collections::HashMap;
use std::path::Path;

use crate::parse::names::{self, code_key, name_key, name_tokens, same_but_typos};
use crate::parse::text::clean;
use crate::pos::line;
use crate::read::formats::load_table;
use crate::read::table::{find_header, grid_from_csv, HeaderMap, Headers};
use crate::read::{Grid, Pos, Raw};

pub const SAMPLE_ROSTER_CSV: &str = include_str!("../input_templates/danh-sach-cdcs-MAU.csv");
pub const SAMPLE_ROSTER_NAME: &str = "danh-sach-cdcs-MAU.csv";

/// The contract's roster headers, in order.
pub const HEADERS: [&str; 6] = [
    "Mã đơn vị",
    "Tên công đoàn cơ sở",
    "Khối",
    "Xã, thị trấn",
    "Người liên hệ",
    "Số điện thoại",
];

/// The name column's header in a roster of districts and towns (`rollup`).
pub const OTHER_NAME_HEADER: &str = "Tên đơn vị";
/// The headers looked for: the contract's, then the other name column.
const LOOKED_FOR: [&str; 7] = [
    HEADERS[0],
    HEADERS[1],
    HEADERS[2],
    HEADERS[3],
    HEADERS[4],
    HEADERS[5],
    OTHER_NAME_HEADER,
];

pub use crate::unit::Unit;

/// The roster's header row: the code and name columns are required, the others optional.
fn header_of(grid: &Grid) -> Result<HeaderMap, String> {
    let mut header = find_header(grid, &Headers::new(&LOOKED_FOR), 2, 20).ok_or_else(|| {
        format!(
            "không tìm thấy dòng tiêu đề; cần các cột: {}.",
            HEADERS.join(" · ")
        )
    })?;
    // A roster of districts (`rollup`) names its units `Tên đơn vị`.
    if header.cols[1].is_none() {
        header.cols[1] = header.cols[HEADERS.len()];
    }
    header.cols.truncate(HEADERS.len());
    let missing: Vec<&str> = HEADERS
        .iter()
        .zip(&header.cols)
        .take(2)
        .filter(|(_, c)| c.is_none())
        .map(|(h, _)| *h)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "thiếu cột bắt buộc \"{}\" ở dòng tiêu đề (dòng {}).",
            missing.join("\", \""),
            line(header.row)
        ));
    }
    Ok(header)
}

#[derive(Debug, Clone)]
pub struct Roster {
    pub units: Vec<Unit>,
    /// Where it came from, e.g. `danh sách mẫu (…)`.
    pub source: String,
    pub is_sample: bool,
    by_code: HashMap<String, usize>,
    /// Units by the words of their name ([`names::name_key`]); two units whose names
    /// have the same words are refused when the roster is loaded.
    by_name: HashMap<String, usize>,
    /// The words of each unit's name ([`names::name_key`]: joined by spaces), computed
    /// once for approximate matching; one string each (a list of words per unit cost a
    /// hundred thousand units 16 MB more).
    name_keys: Vec<String>,
    /// How many words each name has: the first test of an approximate match, without
    /// splitting every name again.
    name_words: Vec<u16>,
    /// Every word of the roster's names and every abbreviation: a typed word among them is
    /// what the unit meant, never a typing slip.
    known_words: std::collections::HashSet<String>,
    /// Names told apart by a place (`MN Hoa Sen (xã Phan)`): units by their name without
    /// it, and each unit's place; built on first need (most returns match a whole name).
    places: std::sync::OnceLock<Places>,
}

#[derive(Debug, thiserror::Error)]
#[error("Danh sách CĐCS {source_name}: {message}")]
pub struct RosterError {
    pub source_name: String,
    pub message: String,
}

/// How a name found in a return matched the roster.
#[derive(Debug, Clone, PartialEq)]
pub enum NameMatch {
    Exact(usize),
    Approximate(usize, f64),
    /// Two roster names about equally close: no guess is made.
    Tied(usize, usize),
    None,
}

/// Units by their name without its place ([`names::split_place`]), and each unit's place.
#[derive(Debug, Clone, Default)]
struct Places {
    by_base: HashMap<String, Vec<usize>>,
    place: Vec<Option<String>>,
}

/// The words of a name key ([`names::name_key`]).
fn words(key: &str) -> impl Iterator<Item = &str> {
    key.split(' ').filter(|w| !w.is_empty())
}

impl Roster {
    /// No unit at all: what a worker process reads with (units are identified by the
    /// parent, `submission::identify`).
    pub fn empty() -> Roster {
        Roster {
            units: Vec::new(),
            source: String::new(),
            is_sample: false,
            by_code: HashMap::new(),
            by_name: HashMap::new(),
            name_keys: Vec::new(),
            name_words: Vec::new(),
            known_words: Default::default(),
            places: Default::default(),
        }
    }

    pub fn sample() -> Roster {
        let grid = grid_from_csv(SAMPLE_ROSTER_NAME, SAMPLE_ROSTER_CSV)
            .expect("the sample roster is valid CSV");
        Roster::from_grid(
            &grid,
            &format!("danh sách MẪU ({SAMPLE_ROSTER_NAME})"),
            true,
        )
        .expect("the sample roster is checked by tests")
    }

    /// Loads `--roster FILE`: `.xlsx`, `.xls`, `.ods` or `.csv`.
    pub fn load(path: &Path) -> Result<Roster, RosterError> {
        let source_name = path.display().to_string();
        let err = |message: String| RosterError {
            source_name: source_name.clone(),
            message,
        };
        let table = load_table(path, &LOOKED_FOR, |_| true).map_err(err)?;
        if table.header.is_none() {
            return Err(err(format!(
                "không tìm thấy dòng tiêu đề ở trang nào; cần các cột: {}.",
                HEADERS.join(" · ")
            )));
        }
        let grid = table.grid;
        Roster::from_grid(&grid, &source_name, false)
    }

    /// Reads the roster below its header row in `grid`. Refused, with the cell: a unit
    /// without a code or a name, a code or a name used twice, no unit at all.
    pub fn from_grid(
        grid: &Grid,
        source_name: &str,
        is_sample: bool,
    ) -> Result<Roster, RosterError> {
        let err = |message: String| RosterError {
            source_name: source_name.to_string(),
            message,
        };
        let header = header_of(grid).map_err(err)?;
        let text_at = |row: u32, i: usize| -> String {
            header.cols[i]
                .map(|c| match grid.get(Pos::new(row, c)) {
                    Raw::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
                    v => clean(&v.display()),
                })
                .unwrap_or_default()
        };
        let mut units = Vec::new();
        let mut rows: Vec<u32> = Vec::new();
        let mut by_code: HashMap<String, usize> = HashMap::new();
        let mut by_name_seen: HashMap<String, usize> = HashMap::new();
        let mut keys: Vec<String> = Vec::new();
        for (row, _) in grid.rows().filter(|(r, _)| *r > header.row) {
            let code = text_at(row, 0);
            let name = text_at(row, 1);
            if code.is_empty() && name.is_empty() {
                continue;
            }
            let cell = |i: usize| {
                header.cols[i]
                    .map(|c| Pos::new(row, c).a1())
                    .unwrap_or_default()
            };
            if code.is_empty() {
                return Err(err(format!(
                    "ô {}: đơn vị \"{name}\" chưa có mã đơn vị.",
                    cell(0)
                )));
            }
            if name.is_empty() {
                return Err(err(format!("ô {}: đơn vị mã {code} chưa có tên.", cell(1))));
            }
            if let Some(prev) = by_code.insert(code_key(&code), units.len()) {
                let prev_unit: &Unit = &units[prev];
                return Err(err(format!(
                    "ô {}: mã đơn vị \"{code}\" bị trùng với dòng {} (đã dùng cho \"{}\"); mỗi đơn vị cần một mã riêng.",
                    cell(0),
                    line(rows[prev]),
                    prev_unit.name
                )));
            }
            let key = name_key(&name);
            if let Some(prev) = by_name_seen.insert(key.clone(), units.len()) {
                let prev_unit: &Unit = &units[prev];
                return Err(err(format!(
                    "ô {}: tên đơn vị \"{name}\" (mã {code}) trùng với tên ở dòng {} (mã {}); hai đơn vị cần tên phân biệt được, nếu không tệp chỉ ghi tên sẽ không biết của đơn vị nào.",
                    cell(1),
                    line(rows[prev]),
                    prev_unit.code
                )));
            }
            rows.push(row);
            keys.push(key);
            units.push(Unit {
                code,
                name,
                bloc: text_at(row, 2),
                commune: text_at(row, 3),
                contact: text_at(row, 4),
                phone: text_at(row, 5),
            });
        }
        if units.is_empty() {
            return Err(err(
                "danh sách trống: không có đơn vị nào dưới dòng tiêu đề.".into(),
            ));
        }
        Ok(Roster {
            units,
            source: source_name.to_string(),
            is_sample,
            by_code,
            by_name: by_name_seen,
            name_words: keys.iter().map(|k| words(k).count() as u16).collect(),
            known_words: keys
                .iter()
                .flat_map(|k| words(k))
                .map(str::to_string)
                .chain(names::abbreviations().map(str::to_string))
                .collect(),
            name_keys: keys,
            places: Default::default(),
        })
    }

    /// The unit whose code is `code`, compared without case, spaces, hyphens, dots or
    /// leading zeros ([`names::code_key`]).
    pub fn by_code(&self, code: &str) -> Option<usize> {
        self.by_code.get(&code_key(code)).copied()
    }

    /// The one unit whose name has the same words as `name` ([`names::name_key`]).
    pub fn exact_name(&self, name: &str) -> Option<usize> {
        self.by_name.get(&name_key(name)).copied()
    }

    /// The roster unit `name` names: the same words, or the same words but for typing slips
    /// in words no roster name uses ([`names::same_but_typos`]). Two units that fit alike
    /// are `Tied`: no guess is made.
    pub fn match_name(&self, name: &str) -> NameMatch {
        let tokens = name_tokens(name);
        if tokens.is_empty() {
            return NameMatch::None;
        }
        let key = tokens.join(" ");
        if let Some(&i) = self.by_name.get(&key) {
            return NameMatch::Exact(i);
        }
        let mut fits: Vec<(usize, f64)> = self
            .name_keys
            .iter()
            .enumerate()
            .filter(|(i, _)| usize::from(self.name_words[*i]) == tokens.len())
            .filter(|(_, k)| {
                let roster: Vec<&str> = words(k).collect();
                same_but_typos(&tokens, &roster, &self.known_words)
            })
            .map(|(i, k)| (i, strsim::normalized_levenshtein(&key, k)))
            .collect();
        // Best first; equal scores in roster order, so the result never depends on chance.
        fits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        match fits.as_slice() {
            [] => NameMatch::None,
            [(i, score)] => NameMatch::Approximate(*i, *score),
            [(i, _), (j, _), ..] => NameMatch::Tied(*i, *j),
        }
    }

    /// The units whose name told apart by a place (`MN Hoa Sen (xã Phan)`) is `name` without
    /// it (`MN Hoa Sen`), each with its place's words (`phan`).
    pub fn by_base(&self, name: &str) -> Vec<(usize, &str)> {
        let places = self.places.get_or_init(|| {
            let mut p = Places::default();
            for (i, u) in self.units.iter().enumerate() {
                let split = names::split_place(&u.name);
                if let Some((base, _)) = &split {
                    p.by_base.entry(name_key(base)).or_default().push(i);
                }
                p.place.push(split.map(|(_, place)| place));
            }
            p
        });
        places
            .by_base
            .get(&name_key(name))
            .map(|units| {
                units
                    .iter()
                    .map(|&i| (i, places.place[i].as_deref().unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The one unit whose whole name (its words, [`names::name_tokens`]) stands in `text`,
    /// such as a file name; `None` when none or several do.
    pub fn named_in(&self, text: &str) -> Option<usize> {
        let typed = name_tokens(text);
        let mut found = self.name_keys.iter().enumerate().filter(|(_, k)| {
            let t: Vec<&str> = words(k).collect();
            !t.is_empty() && typed.windows(t.len()).any(|w| w.iter().eq(t.iter()))
        });
        let (first, _) = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The roster as CSV with the contract's headers (what `Roster::load` reads back).
    pub fn to_csv(units: &[Unit]) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(HEADERS);
        for u in units {
            let _ = w.write_record([&u.code, &u.name, &u.bloc, &u.commune, &u.contact, &u.phone]);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// `(MẪU)` tag for anything built from the sample roster.
    pub fn label(&self) -> String {
        if self.is_sample {
            format!("{} — DANH SÁCH MẪU, không phải danh sách thật", self.source)
        } else {
            self.source.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_roster_loads_and_includes_the_district() {
        let r = Roster::sample();
        assert!(r.is_sample);
        assert!(r.units.len() >= 30);
        assert!(r.units.iter().any(|u| u.name == "Ban Thường vụ LĐLĐ huyện"));
        assert_eq!(r.by_code("cd01"), Some(1));
    }

    #[test]
    fn names_match_without_prefix_and_diacritics() {
        let r = Roster::sample();
        let i = r.by_code("CD12").unwrap();
        let name = r.units[i].name.clone();
        let bare = name.replace("CĐCS ", "Công đoàn cơ sở ");
        assert_eq!(r.match_name(&bare), NameMatch::Exact(i));
        assert_eq!(
            r.match_name(&crate::parse::text::fold(&name)),
            NameMatch::Exact(i)
        );
        let typo = name
            .replacen("Trường", "Truờng", 1)
            .replacen("học", "hoc", 1)
            + "x";
        assert!(
            matches!(r.match_name(&typo), NameMatch::Approximate(j, _) if j == i),
            "{typo}"
        );
        assert_eq!(r.match_name("Hợp tác xã không có"), NameMatch::None);
    }

    fn csv_err(text: &str) -> String {
        let g = grid_from_csv("t.csv", text).unwrap();
        Roster::from_grid(&g, "t.csv", false)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn bad_rosters_are_refused_with_the_reason() {
        let m = csv_err("Mã đơn vị,Tên công đoàn cơ sở\nA1,Một\nA1,Hai\n");
        assert!(
            m.contains("A1") && m.contains("trùng") && m.contains("ô A3"),
            "{m}"
        );
        let m = csv_err("Tên công đoàn cơ sở,Khối\nMột,X\n");
        assert!(
            m.contains("thiếu cột bắt buộc") && m.contains("Mã đơn vị"),
            "{m}"
        );
        let m = csv_err("Mã đơn vị,Tên công đoàn cơ sở\n");
        assert!(m.contains("trống"), "{m}");
        let m = csv_err("Họ tên,Tuổi\nA,3\n");
        assert!(m.contains("không tìm thấy dòng tiêu đề"), "{m}");
    }
}
