//! Arbitrary bytes: decoding never panics; whatever decodes parses without panicking, its items
//! tile the text exactly, and every rendering of the model works.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = dockwright::decode(data) else { return };
    let doc = dockwright::parse(&decoded.text);
    let mut pos = 0;
    for item in &doc.items {
        assert_eq!(item.span.start, pos);
        pos = item.span.end;
    }
    assert_eq!(pos as usize, decoded.text.len());
    for error in &doc.errors {
        assert!(error.span.end as usize <= decoded.text.len());
        let _ = doc.line_column(error.span.end);
    }
    let _ = dockwright::buildkit_dump(&doc);
    let _ = dockwright::model::to_json(&doc);
});
