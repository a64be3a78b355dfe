//! Checks a zip-based workbook before calamine sees it, so a hostile file cannot take the
//! process down (zip bombs, absurd shared-string counts, runaway entries).

use std::io::Read;

/// Limits real returns never reach; raised with `--max-file-mb` and friends.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_entries: usize,
    pub max_entry_bytes: u64,
    pub max_total_bytes: u64,
    /// Uncompressed / compressed, for entries above 1 MiB.
    pub max_ratio: u64,
    pub max_rows_per_sheet: u32,
    pub max_cells_per_sheet: u64,
    /// Seconds one file may take before it is abandoned.
    pub seconds_per_file: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 100 << 20,
            max_entries: 10_000,
            max_entry_bytes: 512 << 20,
            max_total_bytes: 1 << 30,
            max_ratio: 500,
            max_rows_per_sheet: 100_000,
            max_cells_per_sheet: 3_000_000,
            seconds_per_file: 60,
        }
    }
}

/// Why a zip-based file was refused, as a Vietnamese sentence.
pub type Refusal = String;

fn mib(n: u64) -> String {
    format!("{} MiB", n >> 20)
}

/// Inspects the zip directory and the shared-strings header.
pub fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        format!("tệp nén bị hỏng hoặc bị cắt cụt (không đọc được danh mục tệp zip: {e})")
    })?;
    if zip.len() > limits.max_entries {
        return Err(format!(
            "tệp chứa {} thành phần, vượt giới hạn {} thành phần",
            zip.len(),
            limits.max_entries
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| format!("thành phần thứ {} bị hỏng ({e})", i + 1))?;
        let size = f.size();
        total = total.saturating_add(size);
        if size > limits.max_entry_bytes {
            return Err(format!(
                "thành phần \"{}\" giải nén ra {}, vượt giới hạn {} (nghi tệp \"bom nén\")",
                f.name().map(|n| n.to_string()).unwrap_or_default(),
                mib(size),
                mib(limits.max_entry_bytes)
            ));
        }
        let ratio = size / f.compressed_size().max(1);
        if size > (1 << 20) && ratio > limits.max_ratio {
            return Err(format!(
                "thành phần \"{}\" có tỉ lệ nén {ratio}:1, vượt giới hạn {}:1 (nghi tệp \"bom nén\")",
                f.name().map(|n| n.to_string()).unwrap_or_default(),
                limits.max_ratio
            ));
        }
    }
    if total > limits.max_total_bytes {
        return Err(format!(
            "tổng dung lượng giải nén {}, vượt giới hạn {}",
            mib(total),
            mib(limits.max_total_bytes)
        ));
    }
    if let Ok(f) = zip.by_name("xl/sharedStrings.xml") {
        let size = f.size();
        let mut head = Vec::new();
        f.take(4096)
            .read_to_end(&mut head)
            .map_err(|e| format!("xl/sharedStrings.xml bị hỏng ({e})"))?;
        let head = String::from_utf8_lossy(&head);
        for attr in ["uniqueCount", "count"] {
            if let Some(n) = xml_attr_number(&head, attr) {
                // Every shared string takes at least `<si/>` (5 bytes).
                if n > size / 4 + 16 {
                    return Err(format!(
                        "bảng chuỗi dùng chung khai báo {attr}={n}, không khớp với kích thước thực ({size} byte)"
                    ));
                }
            }
        }
    }
    Ok(())
}

fn xml_attr_number(head: &str, attr: &str) -> Option<u64> {
    let tag_start = head.find("<sst")?;
    let tag = &head[tag_start..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let needle = format!(" {attr}=\"");
    let i = tag.find(&needle)? + needle.len();
    let digits: String = tag[i..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == 'e' || *c == 'E' || *c == '+')
        .collect();
    digits.parse::<f64>().ok().map(|v| {
        if v > u64::MAX as f64 {
            u64::MAX
        } else {
            v as u64
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attr_numbers() {
        let h = r#"<?xml version="1.0"?><sst xmlns="x" count="12" uniqueCount="9e11">"#;
        assert_eq!(xml_attr_number(h, "count"), Some(12));
        assert_eq!(xml_attr_number(h, "uniqueCount"), Some(900_000_000_000));
    }
}
