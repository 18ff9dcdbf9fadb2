//! `threadscope grammars`: list, show and check grammar files.

use std::path::PathBuf;

use clap::Subcommand;
use threadscope::grammar::Grammar;

/// What to do with grammars.
#[derive(Debug, Subcommand)]
pub enum GrammarsCommand {
    /// List the built-in grammars.
    List,
    /// Print a built-in grammar's file.
    Show {
        /// The grammar's id.
        id: String,
    },
    /// Check grammar files; mistakes are reported with file, line, column and key.
    Check {
        /// Grammar files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// Run `grammars`.
pub fn run(command: GrammarsCommand) -> anyhow::Result<u8> {
    match command {
        GrammarsCommand::List => {
            for g in Grammar::builtins() {
                let kind = match g.kind {
                    threadscope::grammar::GrammarKind::Page => "page",
                    threadscope::grammar::GrammarKind::Chat => "chat",
                };
                println!("{:<18} {:<5} {}", g.id, kind, g.name);
            }
            Ok(super::EXIT_OK)
        }
        GrammarsCommand::Show { id } => match Grammar::builtin(&id) {
            Some(g) => {
                print!("{}", g.source);
                Ok(super::EXIT_OK)
            }
            None => {
                let known: Vec<String> = Grammar::builtins().into_iter().map(|g| g.id).collect();
                anyhow::bail!(
                    "no built-in grammar has the id {id:?} (known: {})",
                    known.join(", ")
                )
            }
        },
        GrammarsCommand::Check { files } => {
            let mut bad = 0;
            for file in files {
                match Grammar::from_path(&file) {
                    Ok(g) => println!(
                        "{}: ok: grammar {:?}, {} layout(s)",
                        file.display(),
                        g.id,
                        g.layouts.len()
                    ),
                    Err(e) => {
                        eprintln!("threadscope: {e}");
                        bad += 1;
                    }
                }
            }
            Ok(if bad > 0 {
                super::EXIT_USAGE
            } else {
                super::EXIT_OK
            })
        }
    }
}
