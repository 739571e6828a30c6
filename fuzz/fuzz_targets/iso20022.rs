//! Fuzz target: `gatecheck_formats::exercise::Target::Iso20022` on whatever libFuzzer makes.
#![no_main]

use gatecheck_formats::exercise::Target;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = Target::Iso20022.run(data);
});
