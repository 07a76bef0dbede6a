#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into fuzz/corpus/<target>/.

Seeds come from the repository's own data: the detector test vectors
(tests/vectors/*.toml), the example logs and NDJSON events (examples/), and the example
policies (examples/policies/*.toml, also as JSON). Each seed starts with the target's
"raw" tag (see fuzz/src/lib.rs), so it is used as plain text. Deterministic: the same
repository gives the same files. Needs Python 3.11+ (tomllib).
"""
import hashlib
import json
import pathlib
import random
import tomllib

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
STREAM_HEADER = 36  # fuzz/src/lib.rs STREAM_HEADER


def write(target, data):
    d = FUZZ / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def main():
    rng = random.Random(14)
    files = sorted((ROOT / "tests" / "vectors").glob("*.toml"))
    per_file = []
    for f in files:
        cases = tomllib.loads(f.read_text())["case"]
        inputs = [c["input"].encode() for c in cases]
        per_file.append(inputs)
        for text in inputs:
            write("scrub_bytes", b"\x00" + text)
            write("differential", b"\x00" + text)
            event = json.dumps({"msg": text.decode(), "n": 1}).encode()
            write("json_events", b"\x00" + event)
    logs = [p.read_bytes() for p in sorted((ROOT / "examples" / "data").glob("*.log"))]
    for log in logs:
        write("scrub_bytes", b"\x00" + log[:4096])
    # Streams: a whole vector file as lines, and one long line, behind random parameters.
    for inputs in per_file + [[b" | ".join(sum(per_file, []))]]:
        header = bytes(rng.randrange(256) for _ in range(STREAM_HEADER))
        write("stream_chunks", header + b"\x00" + b"\n".join(inputs) + b"\n")
    for log in logs:
        header = bytes(rng.randrange(256) for _ in range(STREAM_HEADER))
        write("stream_chunks", header + b"\x00" + log)
    events = sorted((ROOT / "examples").rglob("*.ndjson"))
    for p in events:
        for line in p.read_bytes().splitlines()[:20]:
            write("json_events", b"\x00" + line)
    for p in sorted((ROOT / "examples" / "policies").glob("*.toml")):
        text = p.read_bytes()
        write("policy", b"\x00" + text)
        write("policy", b"\x01" + json.dumps(tomllib.loads(text.decode()), indent=1).encode())
    write("policy", b"\x00version = 1\n")
    write("policy", b'\x01{"version": 1}')


if __name__ == "__main__":
    main()
