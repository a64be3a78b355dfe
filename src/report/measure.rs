//! How wide a line of Times New Roman is on paper, so that the heading block's columns can
//! be sized for one line each. Advance widths of Times New Roman (the same as LibreOffice's
//! metric-compatible Liberation Serif), in thousandths of an em, for ASCII; a Vietnamese
//! letter is as wide as its base letter, plus the horn of `ơ`/`ư`.

use unicode_normalization::UnicodeNormalization;

/// The three faces the report uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
    Italic,
}

#[rustfmt::skip]
const REGULAR: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667,
    722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722,
    722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500,
    500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500,
    444, 480, 200, 480, 541,
];

#[rustfmt::skip]
const BOLD: [u16; 95] = [
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722,
    722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722,
    722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500,
    556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500,
    444, 394, 220, 394, 520,
];

#[rustfmt::skip]
const ITALIC: [u16; 95] = [
    250, 333, 420, 500, 500, 833, 778, 214, 333, 333, 500, 675, 250, 333, 250, 278, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 675, 675, 675, 500, 920, 611, 611, 667,
    722, 611, 611, 722, 722, 333, 444, 667, 556, 833, 667, 722, 611, 722, 611, 500, 556, 722,
    611, 833, 611, 556, 556, 389, 278, 389, 422, 500, 333, 500, 500, 444, 500, 444, 278, 500,
    500, 278, 278, 444, 278, 722, 500, 500, 500, 500, 389, 389, 278, 500, 444, 667, 444, 444,
    389, 400, 275, 400, 541,
];

/// Combining horn (`ơ`, `ư` decomposed): the only Vietnamese mark that adds width.
const HORN: char = '\u{31b}';

/// The width of `text` set in `face` at `pt` points, in twips (1/20 pt).
pub fn twips(text: &str, face: Face, pt: f32) -> u32 {
    let table = match face {
        Face::Regular => &REGULAR,
        Face::Bold => &BOLD,
        Face::Italic => &ITALIC,
    };
    let mut em_thousandths: u32 = 0;
    for c in text.nfd() {
        let c = match c {
            'Đ' => 'D',
            'đ' => 'd',
            c => c,
        };
        em_thousandths += match c {
            HORN => 50,
            ' '..='~' => u32::from(table[c as usize - 32]),
            // Other combining marks sit above or below their letter.
            '\u{300}'..='\u{36f}' => 0,
            // Dashes and typographic quotes.
            '—' => 1000,
            '–' => 500,
            '“' | '”' => 444,
            _ => 600,
        };
    }
    (em_thousandths as f32 * pt * 20.0 / 1000.0).ceil() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Widths measured from the font files with fontTools (mm at the size given).
    #[test]
    fn vietnamese_headings_measure_as_the_font_does() {
        let mm = |t: u32| t as f32 / 56.69;
        let w = mm(twips("LĐLĐ HUYỆN DƯƠNG MINH CHÂU", Face::Bold, 12.0));
        assert!((w - 71.8).abs() < 0.5, "{w}");
        let w = mm(twips(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            Face::Bold,
            13.0,
        ));
        assert!((w - 95.7).abs() < 0.5, "{w}");
        let w = mm(twips(
            "Dương Minh Châu, ngày     tháng     năm 2025",
            Face::Italic,
            14.0,
        ));
        assert!((w - 92.7).abs() < 0.5, "{w}");
    }
}
