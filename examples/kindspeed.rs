use piiscrub::{Action, Kind, Scrubber, ScrubberBuilder};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let data = std::fs::read(path).unwrap();
    let mut out = Vec::with_capacity(data.len() * 2);
    let time = |name: &str, s: &Scrubber, out: &mut Vec<u8>| {
        let t = std::time::Instant::now();
        out.clear();
        let mut c = piiscrub::Findings::default();
        for chunk in data.chunks(1 << 16) {
            s.scrub_into(chunk, out, &mut c);
        }
        let dt = t.elapsed().as_secs_f64();
        println!(
            "{name:10} {:8.1} MB/s  findings {}",
            data.len() as f64 / 1e6 / dt,
            c.total()
        );
    };
    for k in Kind::BUILTIN.iter() {
        let s = ScrubberBuilder::empty()
            .kind(k.clone(), Action::default_for(k))
            .build()
            .unwrap();
        time(k.name(), &s, &mut out);
    }
    time("all", &Scrubber::default(), &mut out);
    for drop in [
        vec![Kind::Email],
        vec![Kind::Secret],
        vec![Kind::Email, Kind::Secret],
        vec![Kind::Email, Kind::Secret, Kind::Phone],
        vec![
            Kind::Email,
            Kind::Secret,
            Kind::Uuid,
            Kind::Imei,
            Kind::Ssn,
            Kind::Phone,
        ],
        vec![Kind::Secret, Kind::Uuid, Kind::Imei, Kind::Ssn, Kind::Phone],
        vec![Kind::Email, Kind::Uuid, Kind::Imei, Kind::Ssn, Kind::Phone],
        vec![
            Kind::Email,
            Kind::Secret,
            Kind::Imei,
            Kind::Ssn,
            Kind::Phone,
        ],
        vec![
            Kind::Email,
            Kind::Secret,
            Kind::Uuid,
            Kind::Ssn,
            Kind::Phone,
        ],
        vec![
            Kind::Email,
            Kind::Secret,
            Kind::Uuid,
            Kind::Imei,
            Kind::Phone,
        ],
        vec![Kind::Email, Kind::Secret, Kind::Uuid, Kind::Imei, Kind::Ssn],
    ] {
        let mut b = Scrubber::builder();
        for k in &drop {
            b = b.without(k);
        }
        let name: Vec<&str> = drop.iter().map(|k| k.name()).collect();
        time(
            &format!("-{}", name.join(",")),
            &b.build().unwrap(),
            &mut out,
        );
    }
}
#[allow(dead_code)]
fn unused() {}
