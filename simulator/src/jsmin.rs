//! JSMin, Douglas Crockford's JavaScript minifier, the one Openbravo passes the WebPOS's
//! generated static resource through outside development mode; written here from its published
//! rules, so that the demo WebPOS runs the module scripts exactly as minified as a real till
//! does.
//!
//! The rules: comments go; runs of spaces and tabs become one space, kept only between two
//! identifier characters; line breaks are kept only where a statement could end (so code that
//! leans on automatic semicolon insertion keeps working); `'` and `"` strings and regular
//! expression literals (a `/` after one of `( , = : [ ! & | ? + - ~ * / { } ; newline`) are
//! copied as they are. Like every JSMin a Java port could be made from before 2019, it knows no
//! template literals: a backquote is an ordinary character, so the spaces, line breaks and `//`
//! inside one are minified like code. That is what a module script must survive on a real till
//! (the adapter uses no template literal, and the e2e suite runs it through this).

use std::fmt;

/// What JSMin found unterminated (its own errors).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsMinError {
    /// A `/*` without its `*/`.
    Comment,
    /// A string without its closing quote.
    StringLiteral,
    /// A regular expression literal without its closing `/` (or `]`).
    Regex,
}

impl fmt::Display for JsMinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Comment => "unterminated comment",
            Self::StringLiteral => "unterminated string literal",
            Self::Regex => "unterminated regular expression literal",
        })
    }
}

impl std::error::Error for JsMinError {}

/// `source`, minified.
pub fn minify(source: &str) -> Result<String, JsMinError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut min = Minifier {
        input: source.chars(),
        lookahead: None,
        out: String::with_capacity(source.len()),
        a: Some('\n'),
        b: None,
        x: None,
        y: None,
    };
    min.run()?;
    Ok(min.out)
}

/// Letters, digits, `_`, `$`, `\` and every non-ASCII character: what must stay apart.
fn is_alphanum(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '\\') || c > '~')
}

/// The characters after which a `/` starts a regular expression literal.
fn before_regex(c: Option<char>) -> bool {
    matches!(
        c,
        Some(
            '(' | ','
                | '='
                | ':'
                | '['
                | '!'
                | '&'
                | '|'
                | '?'
                | '+'
                | '-'
                | '~'
                | '*'
                | '/'
                | '{'
                | '}'
                | ';'
                | '\n'
        )
    )
}

/// What the main loop does with the current pair.
enum Action {
    /// Output A, then copy B to A, then read the next B.
    Output,
    /// Copy B to A (a string is copied whole), then read the next B.
    Copy,
    /// Read the next B (a regular expression is copied whole).
    Next,
}

struct Minifier<'a> {
    input: std::str::Chars<'a>,
    lookahead: Option<char>,
    out: String,
    a: Option<char>,
    b: Option<char>,
    /// The last two characters `next` returned, to keep `a + ++b` apart.
    x: Option<char>,
    y: Option<char>,
}

impl Minifier<'_> {
    /// The next character; carriage returns become line breaks, other control characters
    /// spaces.
    fn get(&mut self) -> Option<char> {
        let c = self.lookahead.take().or_else(|| self.input.next())?;
        Some(match c {
            '\r' => '\n',
            c if c >= ' ' || c == '\n' => c,
            _ => ' ',
        })
    }

    fn peek(&mut self) -> Option<char> {
        self.lookahead = self.get();
        self.lookahead
    }

    /// The next character, comments skipped (a line comment reads as its line break, a block
    /// comment as one space).
    fn next(&mut self) -> Result<Option<char>, JsMinError> {
        let mut c = self.get();
        if c == Some('/') {
            match self.peek() {
                Some('/') => loop {
                    c = self.get();
                    if c.is_none_or(|c| c <= '\n') {
                        break;
                    }
                },
                Some('*') => {
                    self.get();
                    loop {
                        match self.get() {
                            Some('*') if self.peek() == Some('/') => {
                                self.get();
                                c = Some(' ');
                                break;
                            }
                            Some(_) => {}
                            None => return Err(JsMinError::Comment),
                        }
                    }
                }
                _ => {}
            }
        }
        self.y = self.x;
        self.x = c;
        Ok(c)
    }

    fn put(&mut self, c: Option<char>) {
        if let Some(c) = c {
            self.out.push(c);
        }
    }

    /// Outputs A and reads the next raw character into it (inside a literal, and after a backslash).
    fn put_a_and_get(&mut self) {
        self.put(self.a);
        self.a = self.get();
    }

    fn action(&mut self, action: Action) -> Result<(), JsMinError> {
        if let Action::Output = action {
            self.put(self.a);
            let operator = |c: Option<char>| matches!(c, Some('+' | '-' | '*' | '/'));
            if matches!(self.y, Some('\n' | ' ')) && operator(self.a) && operator(self.b) {
                self.put(self.y);
            }
        }
        if let Action::Output | Action::Copy = action {
            self.a = self.b;
            if matches!(self.a, Some('\'' | '"')) {
                loop {
                    self.put_a_and_get();
                    if self.a == self.b {
                        break;
                    }
                    if self.a == Some('\\') {
                        self.put_a_and_get();
                    }
                    if self.a.is_none() {
                        return Err(JsMinError::StringLiteral);
                    }
                }
            }
        }
        self.b = self.next()?;
        if self.b == Some('/') && before_regex(self.a) {
            self.copy_regex()?;
            self.b = self.next()?;
        }
        Ok(())
    }

    /// Copies a regular expression literal: A is the character before it, B its opening `/`.
    fn copy_regex(&mut self) -> Result<(), JsMinError> {
        self.put(self.a);
        if matches!(self.a, Some('/' | '*')) {
            self.put(Some(' '));
        }
        self.put(self.b);
        loop {
            self.a = self.get();
            match self.a {
                Some('[') => loop {
                    self.put_a_and_get();
                    match self.a {
                        Some(']') => break,
                        Some('\\') => self.put_a_and_get(),
                        _ => {}
                    }
                    if self.a.is_none() {
                        return Err(JsMinError::Regex);
                    }
                },
                Some('/') => {
                    if matches!(self.peek(), Some('/' | '*')) {
                        return Err(JsMinError::Regex);
                    }
                    return Ok(());
                }
                Some('\\') => self.put_a_and_get(),
                _ => {}
            }
            if self.a.is_none() {
                return Err(JsMinError::Regex);
            }
            self.put(self.a);
        }
    }

    fn run(&mut self) -> Result<(), JsMinError> {
        self.action(Action::Next)?;
        while self.a.is_some() {
            let action = match (self.a, self.b) {
                (Some(' '), b) => {
                    if is_alphanum(b) {
                        Action::Output
                    } else {
                        Action::Copy
                    }
                }
                (Some('\n'), Some('{' | '[' | '(' | '+' | '-' | '!' | '~')) => Action::Output,
                (Some('\n'), Some(' ')) => Action::Next,
                (Some('\n'), b) => {
                    if is_alphanum(b) {
                        Action::Output
                    } else {
                        Action::Copy
                    }
                }
                (a, Some(' ')) => {
                    if is_alphanum(a) {
                        Action::Output
                    } else {
                        Action::Next
                    }
                }
                (Some('}' | ']' | ')' | '+' | '-' | '"' | '\''), Some('\n')) => Action::Output,
                (a, Some('\n')) => {
                    if is_alphanum(a) {
                        Action::Output
                    } else {
                        Action::Next
                    }
                }
                _ => Action::Output,
            };
            self.action(action)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min(source: &str) -> String {
        minify(source).unwrap()
    }

    #[test]
    fn comments_and_spaces_go_identifiers_stay_apart() {
        assert_eq!(
            min("// a comment\nvar  a = 1; /* block */ var b\t=  a + 2;\n"),
            "\nvar a=1;var b=a+2;"
        );
        assert_eq!(min("function f ( x ) { return x ; }"), "\nfunction f(x){return x;}");
    }

    #[test]
    fn strings_and_regular_expressions_are_copied_as_they_are() {
        assert_eq!(min("s = 'a  // b' + \"c /* d */\";"), "\ns='a  // b'+\"c /* d */\";");
        assert_eq!(min("s = 'it\\'s  here';"), "\ns='it\\'s  here';");
        assert_eq!(min("r = /a  b[/]\\//g;"), "\nr=/a  b[/]\\//g;");
        assert_eq!(min("x = a / b / c;"), "\nx=a/b/c;");
    }

    #[test]
    fn line_breaks_stay_where_a_statement_may_end() {
        assert_eq!(min("a = 1\nb = 2\n"), "\na=1\nb=2");
        assert_eq!(min("return\n(x)"), "\nreturn\n(x)");
        assert_eq!(min("x = y\n[1].map(f)"), "\nx=y\n[1].map(f)");
    }

    #[test]
    fn a_plus_plus_stays_apart() {
        assert_eq!(min("a + ++b"), "\na+ ++b");
        assert_eq!(min("a - -b"), "\na- -b");
    }

    #[test]
    fn template_literals_are_not_known_so_their_insides_are_minified() {
        // What a real till's JSMin does to a template literal: not what its author meant.
        assert_eq!(min("t = `a  b`;"), "\nt=`a b`;");
        assert_eq!(min("t = `see http://x`;\nu = 1;"), "\nt=`see http:u=1;");
    }

    #[test]
    fn crlf_bom_and_control_characters() {
        assert_eq!(min("\u{feff}a = 1;\r\nb\u{7} = 2;"), "\na=1;b=2;");
    }

    #[test]
    fn errors_are_said() {
        assert_eq!(minify("a = 'open"), Err(JsMinError::StringLiteral));
        assert_eq!(minify("/* open"), Err(JsMinError::Comment));
        assert_eq!(minify("x = /open"), Err(JsMinError::Regex));
        assert_eq!(JsMinError::StringLiteral.to_string(), "unterminated string literal");
    }
}
