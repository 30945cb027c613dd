//! `EXPOSE` port specifications: `80`, `80/tcp`, `8000-8010/udp`.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
}

/// One parsed port or port range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortSpec {
    pub start: u32,
    pub end: u32,
    /// `None` when no protocol is written (TCP is the default).
    pub protocol: Option<Protocol>,
    /// The protocol as written, when it is not lower case (BuildKit's ExposeProtoCasing).
    pub protocol_text: Option<String>,
    /// Whether the spec carries an IP or a `host:container` mapping, which EXPOSE does not take.
    pub has_mapping: bool,
    /// A problem that makes the build fail (bad number, unknown protocol, out of range).
    pub error: Option<String>,
}

impl PortSpec {
    /// Parses a port word; `None` when it uses a variable and can only be judged after expansion.
    pub fn parse(word: &str) -> Option<PortSpec> {
        if word.contains('$') {
            return None;
        }
        let (ports, proto) = match word.rsplit_once('/') {
            Some((ports, proto)) => (ports, Some(proto)),
            None => (word, None),
        };
        let mut spec = PortSpec {
            start: 0,
            end: 0,
            protocol: None,
            protocol_text: None,
            has_mapping: false,
            error: None,
        };
        if let Some(proto) = proto {
            spec.protocol = match proto.to_ascii_lowercase().as_str() {
                "tcp" => Some(Protocol::Tcp),
                "udp" => Some(Protocol::Udp),
                "sctp" => Some(Protocol::Sctp),
                _ => {
                    spec.error = Some(format!("invalid protocol `{proto}`: use tcp, udp or sctp"));
                    None
                }
            };
            if proto.chars().any(|c| c.is_ascii_uppercase()) {
                spec.protocol_text = Some(proto.to_string());
            }
        }
        // `ip:host:container` or `host:container`: only the container part counts for EXPOSE.
        let container = match ports.rsplit_once(':') {
            Some((_, container)) => {
                spec.has_mapping = true;
                container
            }
            None => ports,
        };
        let (lo, hi) = container.split_once('-').unwrap_or((container, container));
        match (parse_port(lo), parse_port(hi)) {
            (Some(lo), Some(hi)) if lo <= hi => {
                spec.start = lo;
                spec.end = hi;
                if hi > 65535 {
                    spec.error = Some(format!("port {hi} is out of range 0-65535"));
                }
            }
            (Some(lo), Some(hi)) => {
                spec.start = lo;
                spec.end = hi;
                spec.error = Some(format!("invalid port range {lo}-{hi}: the end is before the start"));
            }
            _ => spec.error = Some(format!("invalid port `{container}`")),
        }
        Some(spec)
    }
}

fn parse_port(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports() {
        let p = PortSpec::parse("80").unwrap();
        assert_eq!((p.start, p.end, p.protocol, p.error.as_deref()), (80, 80, None, None));
        let p = PortSpec::parse("8000-8010/UDP").unwrap();
        assert_eq!((p.start, p.end, p.protocol), (8000, 8010, Some(Protocol::Udp)));
        assert_eq!(p.protocol_text.as_deref(), Some("UDP"));
        assert!(PortSpec::parse("70000").unwrap().error.is_some());
        assert!(PortSpec::parse("abc").unwrap().error.is_some());
        assert!(PortSpec::parse("80/xyz").unwrap().error.is_some());
        assert!(PortSpec::parse("127.0.0.1:80:80").unwrap().has_mapping);
        assert!(PortSpec::parse("${PORT}").is_none());
        assert!(PortSpec::parse("").unwrap().error.is_some());
    }
}
