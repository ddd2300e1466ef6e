//! The `connectors` binary: everything happens in [`connectors::cli::main`].

fn main() {
    std::process::exit(connectors::cli::main());
}
