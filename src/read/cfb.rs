//! Just enough of the Compound File Binary format (the container of `.xls`) to take one
//! stream out before calamine parses the file, so that what calamine would allocate can be
//! checked first. Every chain is bounded by the file's own size: a hostile file cannot
//! make this loop or allocate more than it holds.

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;
const MINI_SECTOR: usize = 64;

/// Little-endian `u16` at `at`, if the bytes are there.
pub(crate) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

/// Little-endian `u32` at `at`, if the bytes are there.
pub(crate) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

struct Cfb<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    fat: Vec<u32>,
}

impl<'a> Cfb<'a> {
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize)
            .checked_add(1)?
            .checked_mul(self.sector_size)?;
        let end = start.checked_add(self.sector_size)?.min(self.bytes.len());
        self.bytes.get(start..end).filter(|s| !s.is_empty())
    }

    /// The sectors of a chain, in order; an error on a loop or a sector outside the file.
    fn chain(&self, start: u32) -> Result<Vec<u32>, String> {
        let mut ids = Vec::new();
        let mut id = start;
        while id != END_OF_CHAIN && id != FREE {
            if ids.len() > self.fat.len() {
                return Err("chuỗi sector lặp vòng".into());
            }
            ids.push(id);
            id = *self
                .fat
                .get(id as usize)
                .ok_or("chuỗi sector trỏ ra ngoài tệp")?;
        }
        Ok(ids)
    }

    fn read(&self, start: u32, size: Option<usize>) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        for id in self.chain(start)? {
            out.extend_from_slice(self.sector(id).ok_or("sector nằm ngoài tệp")?);
            if size.is_some_and(|s| out.len() >= s) {
                break;
            }
        }
        if let Some(s) = size {
            out.truncate(s);
        }
        Ok(out)
    }
}

/// Below this size a stream lives in the mini stream (as calamine reads it).
const MINI_CUTOFF: usize = 4096;

/// The first stream named one of `names` (e.g. `Workbook`, `Book`), or `None` when the
/// container has no such stream. An error names what is broken in the container.
pub fn stream(bytes: &[u8], names: &[&str]) -> Result<Option<Vec<u8>>, String> {
    let (cfb, first_dir, first_mini_fat) = Cfb::open(bytes)?;
    let dir = cfb.read(first_dir, None)?;
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    // Entries are found as calamine finds them (its reader is the one that must not be
    // surprised): the 64-byte name up to its first NUL, in any case, whatever the entry's
    // type and declared name length, the first entry of the first name that has one.
    let name_of = |e: &[u8]| -> String {
        let units: Vec<u16> = (0..32).filter_map(|i| u16_at(e, 2 * i)).collect();
        let mut name = String::from_utf16_lossy(&units);
        if let Some(end) = name.find('\0') {
            name.truncate(end);
        }
        name
    };
    let Some(entry) = names
        .iter()
        .find_map(|n| entries.iter().find(|e| name_of(e).eq_ignore_ascii_case(n)))
    else {
        return Ok(None);
    };
    let (start, size) = (u32_at(entry, 0x74).unwrap_or(END_OF_CHAIN), size_of(entry));
    if size > bytes.len() {
        return Err("luồng dữ liệu khai báo lớn hơn cả tệp".into());
    }
    // calamine takes the mini stream below 4,096 bytes, whatever the header says.
    if size >= MINI_CUTOFF {
        return cfb.read(start, Some(size)).map(Some);
    }
    let root = entries.first().ok_or("thiếu mục gốc của thư mục")?;
    read_mini(&cfb, root, first_mini_fat, start, size).map(Some)
}

/// A directory entry's stream size. Version 3 files (512-byte sectors) keep only the low
/// 32 bits.
fn size_of(entry: &[u8]) -> usize {
    u32_at(entry, 0x78).unwrap_or(0) as usize
}

impl<'a> Cfb<'a> {
    /// The container's header and FAT: the container, its directory's first sector and
    /// its mini FAT's first sector.
    fn open(bytes: &'a [u8]) -> Result<(Cfb<'a>, u32, u32), String> {
        if bytes.len() < 512 {
            return Err("tệp quá ngắn so với cấu trúc .xls".into());
        }
        let shift = u16_at(bytes, 0x1E).unwrap_or(0);
        if shift != 9 && shift != 12 {
            return Err(format!("kích thước sector {shift} không hợp lệ"));
        }
        let sector_size = 1usize << shift;
        let sectors_in_file = bytes.len() / sector_size;
        let num_fat = u32_at(bytes, 0x2C).unwrap_or(0) as usize;
        let first_dir = u32_at(bytes, 0x30).unwrap_or(END_OF_CHAIN);
        let first_mini_fat = u32_at(bytes, 0x3C).unwrap_or(END_OF_CHAIN);
        let mut difat_sector = u32_at(bytes, 0x44).unwrap_or(END_OF_CHAIN);
        let num_difat = u32_at(bytes, 0x48).unwrap_or(0) as usize;
        if num_fat > sectors_in_file || num_difat > sectors_in_file {
            return Err("bảng cấp phát khai báo nhiều sector hơn tệp có".into());
        }
        // The FAT's own sectors: 109 in the header, the rest in a chain of DIFAT sectors.
        let mut fat_sectors: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
            .collect();
        let mut cfb = Cfb {
            bytes,
            sector_size,
            fat: Vec::new(),
        };
        for _ in 0..num_difat {
            if difat_sector == END_OF_CHAIN || difat_sector == FREE {
                break;
            }
            let s = cfb
                .sector(difat_sector)
                .ok_or("sector DIFAT nằm ngoài tệp")?;
            let per = sector_size / 4 - 1;
            fat_sectors.extend((0..per).filter_map(|i| u32_at(s, 4 * i)));
            difat_sector = u32_at(s, 4 * per).unwrap_or(END_OF_CHAIN);
        }
        let mut fat = Vec::new();
        for &id in fat_sectors.iter().filter(|&&id| id != FREE).take(num_fat) {
            let s = cfb.sector(id).ok_or("sector FAT nằm ngoài tệp")?;
            fat.extend((0..s.len() / 4).filter_map(|i| u32_at(s, 4 * i)));
        }
        cfb.fat = fat;
        Ok((cfb, first_dir, first_mini_fat))
    }
}

/// A small stream (`size` bytes from mini sector `start`): it lives in the mini stream (the
/// root entry's), in 64-byte sectors chained by the mini FAT.
fn read_mini(
    cfb: &Cfb<'_>,
    root: &[u8],
    first_mini_fat: u32,
    start: u32,
    size: usize,
) -> Result<Vec<u8>, String> {
    let mini_stream = cfb.read(
        u32_at(root, 0x74).unwrap_or(END_OF_CHAIN),
        Some(size_of(root)),
    )?;
    let mini_fat: Vec<u32> = cfb
        .read(first_mini_fat, None)?
        .chunks_exact(4)
        .filter_map(|c| u32_at(c, 0))
        .collect();
    let mini = Cfb {
        bytes: &[],
        sector_size: MINI_SECTOR,
        fat: mini_fat,
    };
    let mut out = Vec::new();
    for id in mini.chain(start)? {
        let at = id as usize * MINI_SECTOR;
        let s = mini_stream
            .get(at..(at + MINI_SECTOR).min(mini_stream.len()))
            .ok_or("sector nhỏ nằm ngoài luồng")?;
        out.extend_from_slice(s);
        if out.len() >= size {
            break;
        }
    }
    out.truncate(size);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_workbook_stream_of_a_real_xls() {
        let bytes = include_bytes!("../../input_templates/mau-tra-ve-CD05.xls");
        let s = stream(bytes, &["Workbook", "Book"]).unwrap().unwrap();
        // A BIFF8 workbook stream starts with a BOF record (0x0809).
        assert_eq!(u16_at(&s, 0), Some(0x0809));
        assert!(s.len() > 1000);
        assert_eq!(stream(bytes, &["Nothing"]).unwrap(), None);
    }

    #[test]
    fn broken_containers_are_errors_not_panics() {
        let bytes = include_bytes!("../../input_templates/mau-tra-ve-CD05.xls");
        for cut in [0, 100, 511, 512, 1000, 3000] {
            let r = stream(&bytes[..cut.min(bytes.len())], &["Workbook"]);
            assert!(
                r.is_err(),
                "cut at {cut}: {:?}",
                r.map(|s| s.map(|s| s.len()))
            );
        }
        let mut looped = bytes.to_vec();
        // Point the directory at sector 0 and make sector 0 its own successor in the FAT.
        looped[0x30..0x34].copy_from_slice(&0u32.to_le_bytes());
        let r = stream(&looped, &["Workbook"]);
        assert!(
            !matches!(r, Ok(Some(_))),
            "a looped directory finds no stream"
        );
    }
}
