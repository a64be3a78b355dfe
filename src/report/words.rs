//! Amounts in Vietnamese words, as written under a figure in an administrative document:
//! `208.700.000` → `Hai trăm linh tám triệu bảy trăm nghìn đồng`.

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// A group of three digits. `full`: a higher group was read before it, so its hundreds are
/// read even when zero (`một triệu không trăm linh năm`).
fn group(n: u64, full: bool) -> String {
    let (h, t, u) = (n / 100, (n / 10) % 10, n % 10);
    let mut words: Vec<&str> = Vec::new();
    if h > 0 || full {
        words.push(DIGITS[h as usize]);
        words.push("trăm");
    }
    match t {
        0 if u > 0 && (h > 0 || full) => words.push("linh"),
        0 => {}
        1 => words.push("mười"),
        _ => {
            words.push(DIGITS[t as usize]);
            words.push("mươi");
        }
    }
    match u {
        0 => {}
        // `mốt` after a ten of twenty or more; `lăm` after any ten; `tư` after twenty or more.
        1 if t >= 2 => words.push("mốt"),
        4 if t >= 2 => words.push("tư"),
        5 if t >= 1 => words.push("lăm"),
        _ => words.push(DIGITS[u as usize]),
    }
    words.join(" ")
}

/// `n` in words, lower case, without the currency.
fn number(n: u64, full: bool) -> String {
    const BILLION: u64 = 1_000_000_000;
    if n >= BILLION {
        let (high, rest) = (n / BILLION, n % BILLION);
        let mut s = format!("{} tỷ", number(high, false));
        if rest > 0 {
            s.push(' ');
            s.push_str(&number(rest, true));
        }
        return s;
    }
    let groups = [
        (n / 1_000_000, "triệu"),
        ((n / 1000) % 1000, "nghìn"),
        (n % 1000, ""),
    ];
    let mut parts: Vec<String> = Vec::new();
    let mut started = full;
    for (g, scale) in groups {
        if g == 0 {
            continue;
        }
        let mut s = group(g, started);
        if !scale.is_empty() {
            s.push(' ');
            s.push_str(scale);
        }
        parts.push(s);
        started = true;
    }
    parts.join(" ")
}

/// `n` đồng in words, with a capital first letter: `Một tỷ đồng`, `Không đồng`.
pub fn amount_in_words(n: i64) -> String {
    let words = if n == 0 {
        "không".to_string()
    } else {
        number(n.unsigned_abs(), false)
    };
    let words = if n < 0 { format!("âm {words}") } else { words };
    let mut chars = words.chars();
    let first = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_default();
    format!("{first}{} đồng", chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::amount_in_words as w;

    #[test]
    fn amounts_read_as_written() {
        assert_eq!(w(0), "Không đồng");
        assert_eq!(w(5), "Năm đồng");
        assert_eq!(w(10), "Mười đồng");
        assert_eq!(w(15), "Mười lăm đồng");
        assert_eq!(w(21), "Hai mươi mốt đồng");
        assert_eq!(w(24), "Hai mươi tư đồng");
        assert_eq!(w(25), "Hai mươi lăm đồng");
        assert_eq!(w(11), "Mười một đồng");
        assert_eq!(w(14), "Mười bốn đồng");
        assert_eq!(w(105), "Một trăm linh năm đồng");
        assert_eq!(w(110), "Một trăm mười đồng");
        assert_eq!(w(1_000_005), "Một triệu không trăm linh năm đồng");
        assert_eq!(
            w(208_700_000),
            "Hai trăm linh tám triệu bảy trăm nghìn đồng"
        );
        assert_eq!(w(1_000_000_000), "Một tỷ đồng");
        assert_eq!(w(1_500_000_000), "Một tỷ năm trăm triệu đồng");
        assert_eq!(w(2_000_050_000), "Hai tỷ không trăm năm mươi nghìn đồng");
        assert_eq!(w(1_000_000), "Một triệu đồng");
        assert_eq!(w(1_021_000), "Một triệu không trăm hai mươi mốt nghìn đồng");
        assert_eq!(w(1_500_000_000_000), "Một nghìn năm trăm tỷ đồng");
    }
}
