//! Property tests for the normalisers: they never panic on any input, and the forms
//! users type round-trip to the value they meant.

use chrono::NaiveDate;
use danvan::parse::{date, number, text};
use danvan::sample::to_tcvn3;
use proptest::prelude::*;

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (1990i32..2100, 1u32..=12, 1u32..=31)
        .prop_filter_map("real day", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

/// Vietnamese words, as units type them.
fn vietnamese() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        proptest::sample::select(vec![
            "Công",
            "đoàn",
            "cơ",
            "sở",
            "xã",
            "Phước",
            "Minh",
            "Suối",
            "Đá",
            "tuyên",
            "truyền",
            "Luật",
            "Nghĩa",
            "vụ",
            "quân",
            "sự",
            "thương",
            "binh",
            "ủng",
            "hộ",
            "Quỹ",
            "người",
            "nghèo",
            "Trường",
            "Dương",
            "Châu",
            "ấp",
            "hội",
            "trường",
            "năm",
            "ổn",
            "định",
            "ưu",
            "đãi",
            "Tư",
            "Ủy",
            "ban",
            "Nhân",
            "dân",
            "ĐOÀN",
            "VIÊN",
        ]),
        1..8,
    )
    .prop_map(|w| w.join(" "))
}

fn money(s: &str) -> Option<f64> {
    number::parse(s, number::Kind::Money).ok()
}

fn campaign() -> date::Near {
    date::Near {
        first: chrono::NaiveDate::from_ymd_opt(2024, 12, 17).unwrap(),
        last: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
    }
}

/// Words units write after a count: what was counted, many starting like a scale word.
fn count_word() -> impl Strategy<Value = String> {
    proptest::sample::select(vec![
        "tivi",
        "tin bài",
        "suất",
        "người",
        "buổi",
        "trang",
        "tiết",
        "khẩu hiệu",
        "kg",
        "tấm",
        "tỉnh",
        "trận",
        "ngàn lẻ",
        "căn nhà",
        "lượt",
        "nghìn người",
    ])
    .prop_filter("a scale word makes it another number", |w| {
        !w.starts_with("ngàn") && !w.starts_with("nghìn")
    })
    .prop_map(String::from)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn date_parser_never_panics(s in "\\PC{0,24}", year in 1900i32..2200) {
        let near = date::Near::day(chrono::NaiveDate::from_ymd_opt(year, 12, 17).unwrap());
        let _ = date::parse_text(&s, near);
    }

    #[test]
    fn date_parser_never_panics_on_date_like_text(s in "[0-9./ -]{0,16}") {
        let _ = date::parse_text(&s, campaign());
    }

    #[test]
    fn typed_dates_round_trip(d in any_date()) {
        for form in ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%-d/%-m/%Y"] {
            let typed = d.format(form).to_string();
            prop_assert_eq!(date::parse_text(&typed, campaign()).ok(), Some(d), "{}", typed);
        }
        // Without the year, the year nearest the range is used.
        let short = d.format("%d/%m").to_string();
        prop_assert_eq!(
            date::parse_text(&short, date::Near::day(d)).ok(),
            Some(d)
        );
        prop_assert_eq!(date::parse_text(&date::fmt_vn(d), campaign()).ok(), Some(d));
    }

    #[test]
    fn number_parser_never_panics(s in "\\PC{0,32}") {
        for kind in [number::Kind::Count, number::Kind::Money] {
            if let Ok(v) = number::parse(&s, kind) {
                prop_assert!(v.is_finite());
            }
        }
    }

    #[test]
    fn money_forms_round_trip(n in 0i64..1_000_000_000_000) {
        let grouped = number::fmt_vn(n);
        prop_assert_eq!(money(&grouped), Some(n as f64), "{}", grouped);
        prop_assert_eq!(money(&format!("{grouped} đ")), Some(n as f64));
        prop_assert_eq!(money(&format!("{grouped} đồng")), Some(n as f64));
        prop_assert_eq!(money(&n.to_string()), Some(n as f64));
        if n >= 1000 {
            let commas = grouped.replace('.', ",");
            prop_assert_eq!(money(&commas), Some(n as f64), "{}", commas);
        }
    }

    #[test]
    fn millions_in_words(whole in 0i64..1000, tenth in 0i64..10) {
        let typed = format!("{whole},{tenth} triệu");
        prop_assert_eq!(
            money(&typed),
            Some((whole * 1_000_000 + tenth * 100_000) as f64),
            "{}", typed
        );
    }

    /// A count followed by what was counted reads as the count, whatever the word — a word
    /// that starts like a scale word (`tivi`, `trang`, `khẩu`) never multiplies it.
    #[test]
    fn counts_followed_by_words(n in 0i64..100_000, word in count_word()) {
        let typed = format!("{n} {word}");
        prop_assert_eq!(number::parse(&typed, number::Kind::Count), Ok(n as f64), "{}", typed);
        let typed = format!("{n}{word}");
        let glued = number::parse(&typed, number::Kind::Count);
        prop_assert!(glued == Ok(n as f64), "{} gave {:?}", typed, glued);
    }

    /// Compound amounts add up exactly, with or without a currency word.
    #[test]
    fn compound_amounts(ty in 0i64..10, tr in 0i64..1000, ng in 0i64..1000, cur in proptest::sample::select(vec!["", " đ", " đồng", " VNĐ", " vnđ"])) {
        let mut parts = Vec::new();
        if ty > 0 { parts.push(format!("{ty} tỷ")); }
        if tr > 0 { parts.push(format!("{tr} triệu")); }
        if ng > 0 || parts.is_empty() { parts.push(format!("{ng} nghìn")); }
        let typed = format!("{}{cur}", parts.join(" "));
        let want = (ty * 1_000_000_000 + tr * 1_000_000 + ng * 1000) as f64;
        prop_assert_eq!(number::parse(&typed, number::Kind::Money), Ok(want), "{}", typed);
    }

    /// Shorthand `1tr5`, `2tr`, `500k` means what people mean by it.
    #[test]
    fn shorthand_amounts(m in 1i64..1000, tail in 0i64..1000, k in 1i64..1000) {
        let want = (m * 1_000_000) as f64;
        prop_assert_eq!(number::parse(&format!("{m}tr"), number::Kind::Money), Ok(want));
        let t = tail.to_string();
        let typed = format!("{m}tr{t}");
        let extra = tail * 10i64.pow(6 - t.len() as u32);
        prop_assert_eq!(number::parse(&typed, number::Kind::Money), Ok(want + extra as f64), "{}", typed);
        prop_assert_eq!(number::parse(&format!("{k}k"), number::Kind::Money), Ok((k * 1000) as f64));
    }

    /// Words after an amount that are not currency never pass as money.
    #[test]
    fn money_never_takes_other_words(n in 1i64..1_000_000, word in count_word()) {
        let typed = format!("{n} {word}");
        prop_assert!(number::parse(&typed, number::Kind::Money).is_err(), "{}", typed);
    }

    #[test]
    fn text_normalisers_never_panic_and_are_idempotent(s in "\\PC{0,40}") {
        let (once, _) = text::normalize(&s);
        let (twice, _) = text::normalize(&once);
        prop_assert_eq!(&twice, &once);
        let f = text::fold(&s);
        prop_assert_eq!(text::fold(&f), f.clone());
        let _ = text::fold_compact(&s);
        let _ = text::ascii_slug(&s, 40);
        let _ = text::from_vni(&s);
    }

    #[test]
    fn tcvn3_round_trips_and_unicode_is_left_alone(s in vietnamese()) {
        // TCVN3 has no capital toned vowels (`À`): such text is typed in its capitals font,
        // which is another encoding. Only text TCVN3 can hold is round-tripped.
        prop_assume!(s.chars().all(|c| {
            let one = c.to_string();
            let legacy = to_tcvn3(&one);
            legacy.chars().all(|b| b.is_ascii() || ('\u{A1}'..='\u{FE}').contains(&b))
                && text::from_tcvn3(&legacy) == one
        }));
        let legacy = to_tcvn3(&s);
        // In a file known to be TCVN3, every cell converts back exactly — except a cell that
        // already reads as Vietnamese in Unicode (`vô`, TCVN3 for `vụ`), which is never
        // re-decoded whatever its neighbours are (issue #14: `Chà Là` beside a TCVN3 note).
        let (back, _) = text::normalize_in(&legacy, Some(text::Legacy::Tcvn3));
        if text::reads_as_unicode_vietnamese(&legacy) {
            prop_assert_eq!(&back, &text::clean(&legacy));
        } else {
            prop_assert_eq!(&back, &s);
        }
        // Alone, a cell is converted exactly or (when ambiguous) left as typed; never mangled.
        let (alone, found) = text::normalize(&legacy);
        if found.is_some() {
            prop_assert_eq!(&alone, &s);
        } else {
            prop_assert_eq!(&alone, &text::clean(&legacy));
        }
        // Unicode Vietnamese (NFC or NFD) is never taken for legacy text.
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = s.nfd().collect();
        let (clean, found) = text::normalize(&nfd);
        prop_assert_eq!(found, None);
        prop_assert_eq!(clean, s);
    }

    #[test]
    fn fold_agrees_with_full_decomposition(s in "[a-zA-Z0-9 àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ,.;()\u{300}-\u{323}]{0,30}") {
        // The reference: decompose everything, drop marks, map đ, lower-case, collapse spaces.
        use unicode_normalization::UnicodeNormalization;
        let mut reference = String::new();
        let mut pending = false;
        for c in s.nfd() {
            let c = if matches!(c, 'đ' | 'Đ') { 'd' } else { c };
            if unicode_normalization::char::is_combining_mark(c) {
                continue;
            }
            if c.is_alphanumeric() {
                if pending && !reference.is_empty() {
                    reference.push(' ');
                }
                pending = false;
                reference.extend(c.to_lowercase());
            } else {
                pending = true;
            }
        }
        prop_assert_eq!(text::fold(&s), reference);
    }

    #[test]
    fn folding_ignores_case_diacritics_and_spacing(s in vietnamese()) {
        let noisy = format!("  {}\u{a0} ", s.to_uppercase().replace(' ', "  "));
        prop_assert_eq!(text::fold(&noisy), text::fold(&s));
        prop_assert!(text::fold(&s).is_ascii());
    }
}
