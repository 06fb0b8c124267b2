//! The figures of a run, against their goals.

/// One measured figure.
pub struct Row {
    pub name: String,
    pub measured: String,
    pub goal: String,
    pub met: bool,
}

/// Everything one run measured.
#[derive(Default)]
pub struct Report {
    pub title: String,
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
}

impl Report {
    /// A report headed `title`.
    pub fn new(title: &str) -> Self {
        Report {
            title: title.to_owned(),
            ..Report::default()
        }
    }

    /// Adds a figure.
    pub fn row(&mut self, name: &str, measured: String, goal: &str, met: bool) {
        self.rows.push(Row {
            name: name.to_owned(),
            measured,
            goal: goal.to_owned(),
            met,
        });
    }

    /// Adds a line of context.
    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    /// Whether every goal was met.
    pub fn all_met(&self) -> bool {
        self.rows.iter().all(|r| r.met)
    }

    /// The report as a Markdown section.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "### {}\n\n| figure | measured | goal | met |\n|---|---|---|---|\n",
            self.title
        );
        for row in &self.rows {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                row.name,
                row.measured,
                row.goal,
                if row.met { "yes" } else { "**no**" }
            ));
        }
        if !self.notes.is_empty() {
            out.push('\n');
            for note in &self.notes {
                out.push_str(&format!("- {note}\n"));
            }
        }
        out
    }
}

/// Milliseconds with two decimals.
pub fn ms(duration: std::time::Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

/// Mebibytes with one decimal.
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}
