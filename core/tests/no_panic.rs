//! Property: no input makes decoding, parsing or rendering panic, and the model always tiles
//! the text. Arbitrary bytes, plus Dockerfile-shaped text built from the tricky pieces.

use proptest::prelude::*;

fn check(bytes: &[u8]) {
    let Ok(decoded) = dockwright::decode(bytes) else {
        return;
    };
    let doc = dockwright::parse(&decoded.text);
    let mut pos = 0;
    for item in &doc.items {
        assert_eq!(item.span.start, pos);
        pos = item.span.end;
    }
    assert_eq!(pos as usize, decoded.text.len());
    for instruction in &doc.instructions {
        assert!(instruction.span.end as usize <= decoded.text.len());
        let _ = doc.line_column(instruction.span.end);
    }
    let _ = dockwright::buildkit_dump(&doc);
    let _ = dockwright::model::to_json(&doc);
}

const PIECES: &[&str] = &[
    "FROM ",
    "RUN ",
    "COPY ",
    "ADD ",
    "ENV ",
    "ARG ",
    "LABEL ",
    "ONBUILD ",
    "HEALTHCHECK ",
    "CMD ",
    "SHELL ",
    "EXPOSE ",
    "USER ",
    "x",
    "a=b",
    "\"",
    "'",
    "\\",
    "`",
    "\n",
    "\r\n",
    " ",
    "\t",
    "#",
    "# escape=`\n",
    "<<EOF",
    "<<-E",
    "EOF\n",
    "\tE\n",
    "--mount=type=cache,target=/x",
    "--from=",
    "--",
    "[\"a\"",
    "]",
    "[",
    "${a:-",
    "}",
    "$",
    "ä",
    "\u{a0}",
    "\u{feff}",
    "AS",
    " as ",
    "NONE",
    "=",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes);
    }

    #[test]
    fn dockerfile_shaped_text_never_panics(pieces in proptest::collection::vec(0..PIECES.len(), 0..80)) {
        let text: String = pieces.into_iter().map(|i| PIECES[i]).collect();
        check(text.as_bytes());
    }
}
