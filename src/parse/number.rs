//! Numbers as units type them: counts and Vietnamese money (`1.500.000 đ`, `1,5 triệu`).

use super::text::fold;

/// Parses a number typed as text. Vietnamese conventions first: `.` groups thousands and
/// `,` marks decimals, unless the shape says otherwise (`1,500,000`, `1.5`).
/// Scale words `nghìn`/`ngàn`/`k`, `triệu`, `tỷ`/`tỉ` multiply; currency words
/// (`đ`, `đồng`, `VND`) and a trailing unit word (`3 buổi`) are ignored.
pub fn parse_text(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let digits_end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\u{00A0}')))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let (num, rest) = s.split_at(digits_end);
    let num: String = num
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{00A0}')
        .collect();
    if num.is_empty() || !num.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // Powers of ten of the scale word.
    let zeros = match fold(rest).as_str() {
        "" | "d" | "dong" | "vnd" | "vnd dong" | "dong vnd" => 0,
        w if w.starts_with("nghin") || w.starts_with("ngan") || w == "k" => 3,
        w if w.starts_with("trieu") || w == "tr" => 6,
        w if w.starts_with("ty") || w.starts_with("ti") => 9,
        // A unit word after a count ("3 buổi", "45 người"): letters and spaces only.
        w if w.chars().all(|c| c.is_alphabetic() || c == ' ') && w.len() <= 20 => 0,
        _ => return None,
    };
    let plain = parse_digits(&num, zeros > 0)?;
    // Scale by moving the decimal point in the text, so `256,4 triệu` is exactly 256400000.
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let scaled = if frac.len() <= zeros {
        format!("{int}{frac}{}", "0".repeat(zeros - frac.len()))
    } else {
        format!("{int}{}.{}", &frac[..zeros], &frac[zeros..])
    };
    let v = scaled.parse::<f64>().ok().filter(|v| v.is_finite())?;
    Some(if negative { -v } else { v })
}

/// The digits of `num` as a plain decimal (`1500000`, `1.5`), deciding which separator
/// groups thousands. `scaled`: a scale word follows, so a lone comma is a decimal comma.
fn parse_digits(num: &str, scaled: bool) -> Option<String> {
    let dots = num.matches('.').count();
    let commas = num.matches(',').count();
    let grouped = |sep: char| {
        let mut groups = num.split(sep);
        let first = groups.next().unwrap_or("");
        !first.is_empty() && first.len() <= 3 && groups.all(|g| g.len() == 3)
    };
    let plain: String = match (dots, commas) {
        (0, 0) => num.to_string(),
        // 1.500 / 1.500.000: thousands. 1.5 / 12.75: a decimal point.
        (_, 0) if grouped('.') => num.replace('.', ""),
        (1, 0) => num.to_string(),
        // 1,500,000 with several groups, or 1,500 with no scale word (đồng and counts have
        // no decimals): thousands. 1,5 and `1,500 triệu`: a decimal comma.
        (0, _) if (commas > 1 || !scaled) && grouped(',') => num.replace(',', ""),
        (0, 1) => num.replace(',', "."),
        (_, _) => {
            // Both present: the last one is the decimal separator.
            let last_dot = num.rfind('.')?;
            let last_comma = num.rfind(',')?;
            if last_comma > last_dot {
                num.replace('.', "").replace(',', ".")
            } else {
                num.replace(',', "")
            }
        }
    };
    if plain.matches('.').count() > 1 || plain.ends_with('.') {
        return None;
    }
    Some(plain)
}

/// `1500000` → `1.500.000`: how users read numbers.
pub fn fmt_vn(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_forms() {
        for s in [
            "1500000",
            "1.500.000",
            "1,500,000",
            "1.500.000 đ",
            "1.500.000đ",
            "1,5 triệu",
            "1.5 triệu",
            "1 500 000",
            "1.500.000 đồng",
            "1500000 VND",
            "1,5tr",
            "1500 nghìn",
            "1.500 ngàn",
            "1500k",
        ] {
            assert_eq!(parse_text(s), Some(1_500_000.0), "{s}");
        }
        assert_eq!(parse_text("500 nghìn"), Some(500_000.0));
        assert_eq!(parse_text("2 tỷ"), Some(2e9));
    }

    #[test]
    fn awkward_forms() {
        assert_eq!(parse_text("1.500"), Some(1500.0));
        assert_eq!(parse_text("1,5"), Some(1.5));
        // A lone comma before three digits groups thousands (money and counts are whole).
        assert_eq!(parse_text("1,500"), Some(1500.0));
        assert_eq!(parse_text("1,500 triệu"), Some(1_500_000.0));
        assert_eq!(parse_text("256,4 triệu"), Some(256_400_000.0));
        assert_eq!(parse_text("1.5"), Some(1.5));
        assert_eq!(parse_text("1.500.000,50"), Some(1_500_000.5));
        assert_eq!(parse_text("1,500,000.50"), Some(1_500_000.5));
        assert_eq!(parse_text("-200"), Some(-200.0));
        assert_eq!(parse_text("3 buổi"), Some(3.0));
    }

    #[test]
    fn not_numbers() {
        for s in [
            "",
            "abc",
            "một triệu",
            "1.2.3",
            "12..5",
            "1.500.00",
            "5 + 3",
        ] {
            assert_eq!(parse_text(s), None, "{s}");
        }
    }

    #[test]
    fn vn_format() {
        assert_eq!(fmt_vn(1_500_000), "1.500.000");
        assert_eq!(fmt_vn(0), "0");
        assert_eq!(fmt_vn(-1500), "-1.500");
    }
}
