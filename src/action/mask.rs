//! Masking: letters and digits become a mask character, separators stay.

/// Masks `span`, keeping the first `keep_first` and last `keep_last` letters/digits.
/// Works on characters when `span` is UTF-8, on bytes otherwise.
pub(crate) fn mask(span: &[u8], keep_first: usize, keep_last: usize, mask_char: char) -> Vec<u8> {
    let mut out = Vec::with_capacity(span.len());
    let mut m = [0u8; 4];
    let m = mask_char.encode_utf8(&mut m).as_bytes();
    match std::str::from_utf8(span) {
        Ok(s) => {
            let total = s.chars().filter(|c| c.is_alphanumeric()).count();
            let mut seen = 0;
            for c in s.chars() {
                if c.is_alphanumeric() {
                    seen += 1;
                    if seen <= keep_first || seen > total.saturating_sub(keep_last) {
                        let mut b = [0u8; 4];
                        out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
                    } else {
                        out.extend_from_slice(m);
                    }
                } else {
                    let mut b = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
                }
            }
        }
        Err(_) => {
            let total = span
                .iter()
                .filter(|b| !b.is_ascii_punctuation() && **b != b' ')
                .count();
            let mut seen = 0;
            for &b in span {
                if b.is_ascii_punctuation() || b == b' ' {
                    out.push(b);
                } else {
                    seen += 1;
                    if seen <= keep_first || seen > total.saturating_sub(keep_last) {
                        out.push(b);
                    } else {
                        out.extend_from_slice(m);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn keeps_separators_and_last_digits() {
        assert_eq!(
            mask(b"4111-1111-1111-1111", 0, 4, '*'),
            b"****-****-****-1111"
        );
        assert_eq!(mask(b"4111111111111111", 6, 4, '#'), b"411111######1111");
    }

    #[test]
    fn short_values_are_not_overrun() {
        assert_eq!(mask(b"12", 4, 4, '*'), b"12");
        assert_eq!(mask("añb".as_bytes(), 0, 0, 'x'), b"xxx");
    }
}
