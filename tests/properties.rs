//! Property tests for the normalisers: they never panic on any input, and the forms
//! users type round-trip to the value they meant.

use chrono::{Datelike, NaiveDate};
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn date_parser_never_panics(s in "\\PC{0,24}", year in 1900i32..2200) {
        let _ = date::parse_text(&s, year);
    }

    #[test]
    fn date_parser_never_panics_on_date_like_text(s in "[0-9./ -]{0,16}") {
        let _ = date::parse_text(&s, 2024);
    }

    #[test]
    fn typed_dates_round_trip(d in any_date()) {
        for form in ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%-d/%-m/%Y"] {
            let typed = d.format(form).to_string();
            prop_assert_eq!(date::parse_text(&typed, 2024).ok(), Some(d), "{}", typed);
        }
        // Without the year, the plan's year is used.
        let short = d.format("%d/%m").to_string();
        prop_assert_eq!(
            date::parse_text(&short, d.year()).ok(),
            Some(d)
        );
        prop_assert_eq!(date::parse_text(&date::fmt_vn(d), 2024).ok(), Some(d));
    }

    #[test]
    fn number_parser_never_panics(s in "\\PC{0,32}") {
        if let Some(v) = number::parse_text(&s) {
            prop_assert!(v.is_finite());
        }
    }

    #[test]
    fn money_forms_round_trip(n in 0i64..1_000_000_000_000) {
        let grouped = number::fmt_vn(n);
        prop_assert_eq!(number::parse_text(&grouped), Some(n as f64), "{}", grouped);
        prop_assert_eq!(number::parse_text(&format!("{grouped} đ")), Some(n as f64));
        prop_assert_eq!(number::parse_text(&format!("{grouped} đồng")), Some(n as f64));
        prop_assert_eq!(number::parse_text(&n.to_string()), Some(n as f64));
        if n >= 1000 {
            let commas = grouped.replace('.', ",");
            prop_assert_eq!(number::parse_text(&commas), Some(n as f64), "{}", commas);
        }
    }

    #[test]
    fn millions_in_words(whole in 0i64..1000, tenth in 0i64..10) {
        let typed = format!("{whole},{tenth} triệu");
        prop_assert_eq!(
            number::parse_text(&typed),
            Some((whole * 1_000_000 + tenth * 100_000) as f64),
            "{}", typed
        );
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
        // In a file known to be TCVN3, every cell converts back exactly.
        let (back, _) = text::normalize_in(&legacy, Some(text::Legacy::Tcvn3));
        prop_assert_eq!(&back, &s);
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
