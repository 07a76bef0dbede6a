//! IP truncation: keep a network prefix, print the network address canonically.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Canonical IP text built on the stack (the longest IPv6 text is 45 bytes).
#[derive(Clone, Copy)]
pub(crate) struct IpText {
    buf: [u8; 48],
    len: u8,
}

impl IpText {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }
}

impl std::fmt::Write for IpText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let start = self.len as usize;
        let end = start + s.len();
        if end > self.buf.len() {
            return Err(std::fmt::Error);
        }
        self.buf[start..end].copy_from_slice(s.as_bytes());
        self.len = end as u8;
        Ok(())
    }
}

fn text(args: std::fmt::Arguments<'_>) -> Option<IpText> {
    let mut t = IpText {
        buf: [0; 48],
        len: 0,
    };
    std::fmt::write(&mut t, args).ok()?;
    Some(t)
}

/// Parses a dotted quad, allowing leading zeros (`010.001.002.003`) as logs write them.
pub(crate) fn parse_v4_lenient(s: &[u8]) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = s.split(|&b| b == b'.');
    for o in &mut octets {
        let p = parts.next()?;
        if p.is_empty() || p.len() > 3 || !p.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let v = p.iter().fold(0u32, |a, &d| a * 10 + u32::from(d - b'0'));
        *o = u8::try_from(v).ok()?;
    }
    parts.next().is_none().then_some(Ipv4Addr::from(octets))
}

fn mask_v4(a: Ipv4Addr, prefix: u8) -> Ipv4Addr {
    let bits = u32::from(a);
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    };
    Ipv4Addr::from(bits & mask)
}

fn mask_v6(a: Ipv6Addr, prefix: u8) -> Ipv6Addr {
    let bits = u128::from(a);
    let mask = if prefix == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(prefix))
    };
    Ipv6Addr::from(bits & mask)
}

/// Truncates the IP address in `span` (IPv4, or IPv6 with an optional `%zone`) to its
/// prefix. An IPv4-mapped IPv6 address keeps its `::ffff:` form and is truncated as IPv4.
pub(crate) fn truncate_ip(span: &[u8], v4_prefix: u8, v6_prefix: u8) -> Option<IpText> {
    if let Some(v4) = parse_v4_lenient(span) {
        return text(format_args!("{}", mask_v4(v4, v4_prefix)));
    }
    let addr = match span.iter().position(|&b| b == b'%') {
        Some(i) => &span[..i],
        None => span,
    };
    let v6: Ipv6Addr = std::str::from_utf8(addr).ok()?.parse().ok()?;
    if let Some(v4) = v6.to_ipv4_mapped() {
        return text(format_args!("::ffff:{}", mask_v4(v4, v4_prefix)));
    }
    text(format_args!("{}", mask_v6(v6, v6_prefix)))
}

#[cfg(test)]
mod tests {
    use super::truncate_ip;

    fn t(s: &str) -> String {
        String::from_utf8(
            truncate_ip(s.as_bytes(), 24, 48)
                .unwrap()
                .as_bytes()
                .to_vec(),
        )
        .unwrap()
    }

    #[test]
    fn truncates_v4_and_v6() {
        assert_eq!(t("192.168.17.42"), "192.168.17.0");
        assert_eq!(t("010.001.002.003"), "10.1.2.0");
        assert_eq!(t("2001:db8:85a3:8d3:1319:8a2e:370:7348"), "2001:db8:85a3::");
        assert_eq!(t("2001:DB8:0:0:0:0:0:1"), "2001:db8::");
        assert_eq!(t("fe80::1%eth0"), "fe80::");
        assert_eq!(t("::ffff:1.2.3.4"), "::ffff:1.2.3.0");
    }

    #[test]
    fn prefix_edges() {
        let z = truncate_ip(b"1.2.3.4", 0, 0).unwrap();
        assert_eq!(z.as_bytes(), b"0.0.0.0");
        let full = truncate_ip(b"1.2.3.4", 32, 128).unwrap();
        assert_eq!(full.as_bytes(), b"1.2.3.4");
        assert!(truncate_ip(b"1.2.3", 24, 48).is_none());
    }
}
