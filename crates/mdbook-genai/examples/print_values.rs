//! Prints every value the catalog knows, for a writer checking the prose against the numbers:
//! `cargo run -p mdbook-genai --example print_values`.
fn main() -> anyhow::Result<()> {
    for name in mdbook_genai::catalog::values() {
        println!("{name} = {}", mdbook_genai::catalog::value(&name)?);
    }
    Ok(())
}
