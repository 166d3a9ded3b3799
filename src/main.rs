fn main() -> std::process::ExitCode {
    mlowners::cli::main()
}
