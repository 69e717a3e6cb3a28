//! An empty wasm-bindgen module: one export, so that the glue has something to bind.
use wasm_bindgen::prelude::wasm_bindgen;

/// Returns its argument.
#[wasm_bindgen]
pub fn identity(x: u32) -> u32 {
    x
}
