//! Numbers as units type them: counts (`3 buổi`, `2 tivi`) and Vietnamese money
//! (`1.500.000 đ`, `1,5 triệu`, `1 tỷ 500 triệu`, `2 triệu rưỡi`, `1tr5`, `500k`).

use super::text::fold;

/// What a number cell may carry besides its figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A count: a trailing word names what was counted (`3 tin bài`, `40 người`).
    Count,
    /// Money in đồng: only currency words (`đ`, `đồng`, `VNĐ`) may follow.
    Money,
}

/// Why a number cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all (`abc`, `5 + 3`, `1.2.3`).
    NotANumber,
    /// Reads as a number in more than one way; the reason, in Vietnamese, for the message.
    Ambiguous(&'static str),
}

/// A scale word as a whole word: its power of ten.
fn scale(word: &str) -> Option<usize> {
    match word {
        "nghin" | "ngan" | "k" => Some(3),
        "trieu" | "tr" => Some(6),
        "ty" | "ti" => Some(9),
        _ => None,
    }
}

fn is_currency(word: &str) -> bool {
    matches!(word, "d" | "dong" | "vnd")
}

#[derive(Debug, PartialEq)]
enum Token {
    Number(String),
    Word(String),
}

/// Splits a cell into number runs and folded words. A space inside a number run is kept
/// only before a group of exactly three digits (`1 500 000`); `1 tỷ 500` stays apart.
fn tokens(s: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let space = |c: char| c.is_whitespace() || c == '\u{00A0}';
    while i < chars.len() {
        let c = chars[i];
        if space(c) {
            i += 1;
        } else if c.is_ascii_digit() {
            let mut num = String::new();
            // Digits since the last separator: a thousands space follows at most three.
            let mut group = 0;
            while i < chars.len() {
                let c = chars[i];
                if c.is_ascii_digit() {
                    num.push(c);
                    group += 1;
                    i += 1;
                } else if c == '.' || c == ',' {
                    num.push(c);
                    group = 0;
                    i += 1;
                } else if space(c)
                    && group <= 3
                    && chars.len() >= i + 4
                    && chars[i + 1..i + 4].iter().all(char::is_ascii_digit)
                    && chars.get(i + 4).is_none_or(|n| !n.is_ascii_digit())
                {
                    group = 0;
                    i += 1; // a thousands space
                } else {
                    break;
                }
            }
            out.push(Token::Number(num));
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push(Token::Word(fold(&word)));
        } else {
            return None;
        }
    }
    Some(out)
}

/// Words for "none" in a count cell: `Không`, `Không có`, `Không có vụ nào`, `Chưa phát sinh`,
/// or a lone dash (`-`, `–`, `—`). They mean 0. `Không rõ` (not known) is not among them.
pub fn is_none_word(s: &str) -> bool {
    let t = s.trim();
    if !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '–' | '—' | '_' | ' ')) {
        return true;
    }
    let f = fold(t);
    let f = f.strip_suffix(" nao").unwrap_or(&f);
    matches!(
        f,
        "khong"
            | "ko"
            | "k"
            | "khong co"
            | "ko co"
            | "khong xay ra"
            | "khong phat sinh"
            | "chua co"
            | "chua phat sinh"
            | "chua xay ra"
            | "khong co gi"
    ) || (f.starts_with("khong co ")
        && !f.chars().any(|c| c.is_ascii_digit())
        && !f.contains(" ro"))
}

/// Parses a number typed as text. Vietnamese conventions first: `.` groups thousands and
/// `,` marks decimals, unless the shape says otherwise (`1,500,000`, `1.5`).
///
/// Scale words (`nghìn`/`ngàn`/`k`, `triệu`/`tr`, `tỷ`/`tỉ`) are whole words only and
/// multiply the number before them; several of them add up in descending order
/// (`1 tỷ 500 triệu`, `1 triệu 500 nghìn`). A bare number after the last scale word fills
/// the next places as spoken (`1tr5` = 1.500.000, `1 tỷ 2` = 1.200.000.000, `1 triệu 500`
/// = 1.500.000) and `rưỡi` adds half of it (`2 triệu rưỡi`). Anything that reads two
/// ways is [`NumberError::Ambiguous`], never a guess.
pub fn parse(s: &str, kind: Kind) -> Result<f64, NumberError> {
    let s = s.trim();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let toks = tokens(s).ok_or(NumberError::NotANumber)?;
    // Trailing words: currency, or (for counts) what was counted.
    let mut end = toks.len();
    while end > 0 {
        match &toks[end - 1] {
            Token::Word(w) if is_currency(w) => end -= 1,
            Token::Word(w) if scale(w).is_none() && w != "ruoi" => {
                if kind == Kind::Money {
                    return Err(NumberError::NotANumber);
                }
                end -= 1;
            }
            _ => break,
        }
    }
    let body = &toks[..end];
    if !matches!(body.first(), Some(Token::Number(_))) {
        return Err(NumberError::NotANumber);
    }
    let mut total = String::from("0");
    let mut last_scale: Option<usize> = None;
    let mut i = 0;
    while i < body.len() {
        let Token::Number(num) = &body[i] else {
            return Err(NumberError::NotANumber);
        };
        let next_scale = match body.get(i + 1) {
            Some(Token::Word(w)) => Some(scale(w).ok_or(NumberError::NotANumber)?),
            _ => None,
        };
        match (next_scale, last_scale) {
            (Some(z), prev) => {
                // Nobody counts sessions or people in millions: `2 ti vi`, `3 tr`.
                if kind == Kind::Count && z > 3 {
                    return Err(NumberError::Ambiguous(
                        "số đếm không tính bằng triệu hay tỷ (có phải chữ \"tr\", \"ti\" là tên vật được đếm?)",
                    ));
                }
                if prev.is_some_and(|p| z >= p) {
                    return Err(NumberError::Ambiguous(
                        "các đơn vị tỷ, triệu, nghìn phải theo thứ tự từ lớn đến nhỏ",
                    ));
                }
                let plain = parse_digits(num, true).ok_or(NumberError::NotANumber)?;
                total = add_decimal(&total, &shift(&plain, z));
                last_scale = Some(z);
                i += 2;
                // `rưỡi`: and a half of this scale.
                if let Some(Token::Word(w)) = body.get(i) {
                    if w == "ruoi" {
                        total = add_decimal(&total, &shift("5", z - 1));
                        i += 1;
                        if i < body.len() {
                            return Err(NumberError::NotANumber);
                        }
                    }
                }
            }
            (None, Some(z)) => {
                // The spoken tail: `1tr5`, `1 triệu 500`. Only plain digits, at most three.
                if i + 1 != body.len() {
                    return Err(NumberError::NotANumber);
                }
                if !num.chars().all(|c| c.is_ascii_digit()) || num.len() > 3 || z < 3 {
                    return Err(NumberError::Ambiguous(
                        "phần số sau chữ tỷ/triệu/nghìn không rõ là bao nhiêu",
                    ));
                }
                total = add_decimal(&total, &shift(num, z - num.len()));
                i += 1;
            }
            (None, None) => {
                if i + 1 != body.len() {
                    return Err(NumberError::NotANumber);
                }
                let plain = parse_digits(num, false).ok_or(NumberError::NotANumber)?;
                total = plain;
                i += 1;
            }
        }
    }
    let v = total
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or(NumberError::NotANumber)?;
    if kind == Kind::Money && v.fract() != 0.0 {
        return Err(NumberError::Ambiguous(
            "số tiền có phần lẻ dưới một đồng (có thể thiếu chữ \"triệu\" hoặc \"nghìn\")",
        ));
    }
    Ok(if negative { -v } else { v })
}

/// `plain` (a decimal such as `1.5`) times 10^zeros, done on the text so it stays exact.
fn shift(plain: &str, zeros: usize) -> String {
    let (int, frac) = plain.split_once('.').unwrap_or((plain, ""));
    if frac.len() <= zeros {
        format!("{int}{frac}{}", "0".repeat(zeros - frac.len()))
    } else {
        format!("{int}{}.{}", &frac[..zeros], &frac[zeros..])
    }
}

/// The sum of two non-negative plain decimals, exactly (both have few digits).
fn add_decimal(a: &str, b: &str) -> String {
    let (ai, af) = a.split_once('.').unwrap_or((a, ""));
    let (bi, bf) = b.split_once('.').unwrap_or((b, ""));
    let places = af.len().max(bf.len());
    let pad = |i: &str, f: &str| format!("{i}{f}{}", "0".repeat(places - f.len()));
    let (x, y) = (pad(ai, af), pad(bi, bf));
    // Column addition on the digit strings.
    let (x, y): (Vec<u8>, Vec<u8>) = (x.bytes().rev().collect(), y.bytes().rev().collect());
    let mut out = Vec::new();
    let mut carry = 0;
    for k in 0..x.len().max(y.len()) {
        let d = x.get(k).map_or(0, |c| c - b'0') + y.get(k).map_or(0, |c| c - b'0') + carry;
        out.push(b'0' + d % 10);
        carry = d / 10;
    }
    if carry > 0 {
        out.push(b'0' + carry);
    }
    out.reverse();
    let digits = String::from_utf8(out).unwrap_or_default();
    if places == 0 {
        digits
    } else {
        let (i, f) = digits.split_at(digits.len() - places);
        format!("{}.{f}", if i.is_empty() { "0" } else { i })
    }
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

    fn money(s: &str) -> Result<f64, NumberError> {
        parse(s, Kind::Money)
    }

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
            "1500000 VNĐ",
            "1,5tr",
            "1500 nghìn",
            "1.500 ngàn",
            "1500k",
            "1tr5",
            "1 tr 5",
            "1 triệu 500 nghìn",
            "1 triệu 500",
            "1 triệu rưỡi",
            "1tr500",
            "1 triệu 500 nghìn đồng",
        ] {
            assert_eq!(money(s), Ok(1_500_000.0), "{s}");
        }
        assert_eq!(money("500 nghìn"), Ok(500_000.0));
        assert_eq!(money("500k"), Ok(500_000.0));
        assert_eq!(money("2tr"), Ok(2_000_000.0));
        assert_eq!(money("2 tỷ"), Ok(2e9));
        assert_eq!(money("2 tỉ"), Ok(2e9));
        assert_eq!(money("1 tỷ 500 triệu"), Ok(1_500_000_000.0));
        assert_eq!(money("1 tỷ 2"), Ok(1_200_000_000.0));
        assert_eq!(money("2 triệu rưỡi"), Ok(2_500_000.0));
        assert_eq!(money("1tr25"), Ok(1_250_000.0));
        assert_eq!(money("1 tỷ 200 triệu 50 nghìn đồng"), Ok(1_200_050_000.0));
    }

    #[test]
    fn counts_followed_by_words() {
        assert_eq!(parse("2 tivi", Kind::Count), Ok(2.0));
        assert_eq!(parse("3 tin bài", Kind::Count), Ok(3.0));
        assert_eq!(parse("5 suất", Kind::Count), Ok(5.0));
        assert_eq!(parse("40 người", Kind::Count), Ok(40.0));
        assert_eq!(parse("3 buổi", Kind::Count), Ok(3.0));
        assert_eq!(parse("2 trang", Kind::Count), Ok(2.0));
        assert_eq!(parse("5kg", Kind::Count), Ok(5.0));
        assert_eq!(parse("2 nghìn người", Kind::Count), Ok(2000.0));
        // A scale word is a whole word: `ti…`, `tr…`, `k…` inside a word are not scales.
        assert_eq!(parse("4 tiết", Kind::Count), Ok(4.0));
        assert_eq!(parse("4 khẩu hiệu", Kind::Count), Ok(4.0));
        // A count in millions or billions is not read: `2 ti vi` is not 2 billion.
        assert!(matches!(
            parse("2 ti vi", Kind::Count),
            Err(NumberError::Ambiguous(_))
        ));
        assert!(matches!(
            parse("3 tr", Kind::Count),
            Err(NumberError::Ambiguous(_))
        ));
        // Words are not money.
        assert_eq!(money("2 tivi"), Err(NumberError::NotANumber));
    }

    #[test]
    fn ambiguous_amounts_are_refused() {
        assert!(matches!(
            money("500 nghìn 1 triệu"),
            Err(NumberError::Ambiguous(_))
        ));
        assert!(matches!(
            money("1 triệu 5000"),
            Err(NumberError::Ambiguous(_))
        ));
        assert!(matches!(
            money("1 triệu 1,5"),
            Err(NumberError::Ambiguous(_))
        ));
        assert!(matches!(money("1,5"), Err(NumberError::Ambiguous(_))));
        assert!(matches!(money("1.5"), Err(NumberError::Ambiguous(_))));
        assert!(money("2 triệu triệu").is_err());
    }

    fn count(s: &str) -> Option<f64> {
        parse(s, Kind::Count).ok()
    }

    #[test]
    fn awkward_forms() {
        assert_eq!(count("1.500"), Some(1500.0));
        assert_eq!(count("1,5"), Some(1.5));
        // A lone comma before three digits groups thousands (money and counts are whole).
        assert_eq!(count("1,500"), Some(1500.0));
        assert_eq!(money("1,500 triệu"), Ok(1_500_000.0));
        assert_eq!(money("256,4 triệu"), Ok(256_400_000.0));
        assert_eq!(count("1.5"), Some(1.5));
        assert_eq!(count("1.500.000,50"), Some(1_500_000.5));
        assert_eq!(count("1,500,000.50"), Some(1_500_000.5));
        assert_eq!(count("-200"), Some(-200.0));
        assert_eq!(count("3 buổi"), Some(3.0));
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
            "2 tivi 3 quạt",
            "tivi 2",
            "đ",
        ] {
            assert_eq!(count(s), None, "{s}");
            assert!(money(s).is_err(), "{s}");
        }
    }

    #[test]
    fn exact_decimal_sum() {
        assert_eq!(add_decimal("1000000", "500000"), "1500000");
        assert_eq!(add_decimal("0", "1.5"), "1.5");
        assert_eq!(add_decimal("999", "1"), "1000");
    }

    #[test]
    fn vn_format() {
        assert_eq!(fmt_vn(1_500_000), "1.500.000");
        assert_eq!(fmt_vn(0), "0");
        assert_eq!(fmt_vn(-1500), "-1.500");
    }
}
