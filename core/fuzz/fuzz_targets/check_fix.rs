//! Whatever decodes is checked with every rule and fixed with unsafe fixes without panicking:
//! findings lie on the text, each fix alone keeps the promises of `fix_promises` (readable,
//! instructions in place, its finding gone), fixing adds no syntax error and says nothing went
//! wrong, and fixing again changes nothing.
#![no_main]

use std::sync::LazyLock;

use dockwright::{Applicability, Config, Linter};
use libfuzzer_sys::fuzz_target;

// Shared with the proptest and the corpus test; the fuzz crate is outside the workspace.
#[path = "../../tests/support/fix_promises.rs"]
mod fix_promises;

use fix_promises::{Checked, broken_promise};

static LINTER: LazyLock<Linter> = LazyLock::new(|| {
    Linter::new(Config { select: Some(vec!["all".into()]), ..Config::default() }).expect("`all` is valid")
});

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = dockwright::decode(data) else { return };
    let text = decoded.text.as_ref();
    let before = Checked::new(&LINTER, text);
    for finding in &before.findings {
        let (start, end) = (finding.span.start as usize, finding.span.end as usize);
        assert!(
            start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
        );
        if before.doc.errors.is_empty()
            && let Some(broken) = broken_promise(&LINTER, &before, finding)
        {
            panic!("{broken}\nin\n{text}");
        }
    }
    let fixed = LINTER.fix(text, Applicability::Unsafe);
    assert!(fixed.warnings().is_empty(), "{:?} fixing:\n{text}", fixed.warnings());
    let errors = |t: &str| dockwright::parse(t).errors.len();
    assert!(errors(&fixed.output) <= errors(text), "a fix broke the file:\n{}", fixed.output);
    assert!(!LINTER.fix(&fixed.output, Applicability::Unsafe).changed(), "no fixpoint:\n{}", fixed.output);
});
