//! Arithmetic expressions: a tokenizer, a recursive-descent parser to an AST, an evaluator with
//! variables and functions, constant folding, and printing back.

use std::collections::HashMap;
use std::fmt;

use threadmgr::haltable;

/// A token of the expression language.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Num(f64),
    Ident(String),
    Op(char),
    LParen,
    RParen,
    Comma,
}

/// What went wrong, and where.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprError {
    UnexpectedChar(char, usize),
    UnexpectedEnd,
    UnexpectedToken(Token),
    UnknownVariable(String),
    UnknownFunction(String),
    Arity {
        name: String,
        expected: usize,
        got: usize,
    },
    DivisionByZero,
}

impl fmt::Display for ExprError {
    #[haltable]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExprError::UnexpectedChar(c, at) => write!(f, "unexpected {c:?} at {at}"),
            ExprError::UnexpectedEnd => f.write_str("unexpected end of input"),
            ExprError::UnexpectedToken(t) => write!(f, "unexpected token {t:?}"),
            ExprError::UnknownVariable(v) => write!(f, "unknown variable `{v}`"),
            ExprError::UnknownFunction(name) => write!(f, "unknown function `{name}`"),
            ExprError::Arity {
                name,
                expected,
                got,
            } => write!(f, "`{name}` takes {expected} arguments, not {got}"),
            ExprError::DivisionByZero => f.write_str("division by zero"),
        }
    }
}

impl std::error::Error for ExprError {}

/// Splits `src` into tokens.
#[haltable]
pub fn tokenize(src: &str) -> Result<Vec<Token>, ExprError> {
    let mut tokens = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some(&(at, c)) = chars.peek() {
        match c {
            ' ' | '\t' | '\n' => {
                chars.next();
            }
            '0'..='9' | '.' => {
                let mut end = at;
                while let Some(&(i, d)) = chars.peek() {
                    if !(d.is_ascii_digit() || d == '.') {
                        break;
                    }
                    end = i + d.len_utf8();
                    chars.next();
                }
                let text = &src[at..end];
                let value = text.parse().map_err(|_| ExprError::UnexpectedChar(c, at))?;
                tokens.push(Token::Num(value));
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some(&(_, d)) = chars.peek() {
                    if d.is_alphanumeric() || d == '_' {
                        name.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Ident(name));
            }
            '+' | '-' | '*' | '/' | '%' | '^' => {
                tokens.push(Token::Op(c));
                chars.next();
            }
            '(' | ')' | ',' => {
                tokens.push(match c {
                    '(' => Token::LParen,
                    ')' => Token::RParen,
                    _ => Token::Comma,
                });
                chars.next();
            }
            other => return Err(ExprError::UnexpectedChar(other, at)),
        }
    }
    Ok(tokens)
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
}

#[haltable]
impl BinOp {
    fn from_char(c: char) -> Option<BinOp> {
        Some(match c {
            '+' => BinOp::Add,
            '-' => BinOp::Sub,
            '*' => BinOp::Mul,
            '/' => BinOp::Div,
            '%' => BinOp::Rem,
            '^' => BinOp::Pow,
            _ => return None,
        })
    }

    fn symbol(self) -> char {
        match self {
            BinOp::Add => '+',
            BinOp::Sub => '-',
            BinOp::Mul => '*',
            BinOp::Div => '/',
            BinOp::Rem => '%',
            BinOp::Pow => '^',
        }
    }

    fn precedence(self) -> u8 {
        match self {
            BinOp::Add | BinOp::Sub => 1,
            BinOp::Mul | BinOp::Div | BinOp::Rem => 2,
            BinOp::Pow => 3,
        }
    }

    fn apply(self, a: f64, b: f64) -> Result<f64, ExprError> {
        Ok(match self {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            BinOp::Mul => a * b,
            BinOp::Div | BinOp::Rem if b == 0.0 => return Err(ExprError::DivisionByZero),
            BinOp::Div => a / b,
            BinOp::Rem => a % b,
            BinOp::Pow => a.powf(b),
        })
    }
}

/// The syntax tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Num(f64),
    Var(String),
    Neg(Box<Expr>),
    Bin(Box<Expr>, BinOp, Box<Expr>),
    Call(String, Vec<Expr>),
}

/// A recursive-descent parser over a token slice.
struct Parser<'t> {
    tokens: &'t [Token],
    pos: usize,
}

#[haltable]
impl<'t> Parser<'t> {
    fn peek(&self) -> Option<&'t Token> {
        self.tokens.get(self.pos)
    }

    fn bump(&mut self) -> Option<&'t Token> {
        let token = self.tokens.get(self.pos)?;
        self.pos += 1;
        Some(token)
    }

    fn expect(&mut self, wanted: &Token) -> Result<(), ExprError> {
        match self.bump() {
            Some(t) if t == wanted => Ok(()),
            Some(t) => Err(ExprError::UnexpectedToken(t.clone())),
            None => Err(ExprError::UnexpectedEnd),
        }
    }

    /// Binary operators by precedence climbing; `^` is right associative.
    fn binary(&mut self, min_prec: u8) -> Result<Expr, ExprError> {
        let mut lhs = self.unary()?;
        while let Some(Token::Op(c)) = self.peek() {
            let Some(op) = BinOp::from_char(*c) else {
                break;
            };
            let prec = op.precedence();
            if prec < min_prec {
                break;
            }
            self.pos += 1;
            let next_min = if op == BinOp::Pow { prec } else { prec + 1 };
            let rhs = self.binary(next_min)?;
            lhs = Expr::Bin(Box::new(lhs), op, Box::new(rhs));
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        if let Some(Token::Op('-')) = self.peek() {
            self.pos += 1;
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, ExprError> {
        match self.bump().ok_or(ExprError::UnexpectedEnd)? {
            Token::Num(n) => Ok(Expr::Num(*n)),
            Token::Ident(name) if self.peek() == Some(&Token::LParen) => {
                self.pos += 1;
                let mut args = Vec::new();
                if self.peek() == Some(&Token::RParen) {
                    self.pos += 1;
                    return Ok(Expr::Call(name.clone(), args));
                }
                loop {
                    args.push(self.binary(1)?);
                    match self.bump() {
                        Some(Token::Comma) => continue,
                        Some(Token::RParen) => break,
                        Some(t) => return Err(ExprError::UnexpectedToken(t.clone())),
                        None => return Err(ExprError::UnexpectedEnd),
                    }
                }
                Ok(Expr::Call(name.clone(), args))
            }
            Token::Ident(name) => Ok(Expr::Var(name.clone())),
            Token::LParen => {
                let inner = self.binary(1)?;
                self.expect(&Token::RParen)?;
                Ok(inner)
            }
            t => Err(ExprError::UnexpectedToken(t.clone())),
        }
    }
}

/// Parses a whole expression.
#[haltable]
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    let tokens = tokenize(src)?;
    let mut parser = Parser {
        tokens: &tokens,
        pos: 0,
    };
    let expr = parser.binary(1)?;
    match parser.peek() {
        None => Ok(expr),
        Some(t) => Err(ExprError::UnexpectedToken(t.clone())),
    }
}

/// Variables for [`Expr::eval`].
pub type Env = HashMap<String, f64>;

#[haltable]
impl Expr {
    /// The value of the expression with the variables of `env`.
    pub fn eval(&self, env: &Env) -> Result<f64, ExprError> {
        match self {
            Expr::Num(n) => Ok(*n),
            Expr::Var(name) => env
                .get(name)
                .copied()
                .ok_or_else(|| ExprError::UnknownVariable(name.clone())),
            Expr::Neg(inner) => Ok(-inner.eval(env)?),
            Expr::Bin(a, op, b) => op.apply(a.eval(env)?, b.eval(env)?),
            Expr::Call(name, args) => {
                let values = args
                    .iter()
                    .map(|a| a.eval(env))
                    .collect::<Result<Vec<f64>, _>>()?;
                call(name, &values)
            }
        }
    }

    /// Folds constant subexpressions (leaving errors such as a division by zero in place).
    pub fn simplify(self) -> Expr {
        match self {
            Expr::Neg(inner) => match inner.simplify() {
                Expr::Num(n) => Expr::Num(-n),
                other => Expr::Neg(Box::new(other)),
            },
            Expr::Bin(a, op, b) => match (a.simplify(), b.simplify()) {
                (Expr::Num(x), Expr::Num(y)) => match op.apply(x, y) {
                    Ok(v) => Expr::Num(v),
                    Err(_) => Expr::Bin(Box::new(Expr::Num(x)), op, Box::new(Expr::Num(y))),
                },
                (x, Expr::Num(y)) if y == 0.0 && matches!(op, BinOp::Add | BinOp::Sub) => x,
                (x, Expr::Num(y)) if y == 1.0 && matches!(op, BinOp::Mul | BinOp::Div) => x,
                (x, y) => Expr::Bin(Box::new(x), op, Box::new(y)),
            },
            Expr::Call(name, args) => {
                Expr::Call(name, args.into_iter().map(Expr::simplify).collect())
            }
            leaf => leaf,
        }
    }

    /// The names of the variables in the expression, sorted, without duplicates.
    pub fn variables(&self) -> Vec<&str> {
        fn walk<'e>(e: &'e Expr, out: &mut Vec<&'e str>) {
            match e {
                Expr::Num(_) => {}
                Expr::Var(v) => out.push(v),
                Expr::Neg(inner) => walk(inner, out),
                Expr::Bin(a, _, b) => {
                    walk(a, out);
                    walk(b, out);
                }
                Expr::Call(_, args) => args.iter().for_each(|a| walk(a, out)),
            }
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The depth of the tree.
    pub fn depth(&self) -> usize {
        1 + match self {
            Expr::Num(_) | Expr::Var(_) => 0,
            Expr::Neg(inner) => inner.depth(),
            Expr::Bin(a, _, b) => a.depth().max(b.depth()),
            Expr::Call(_, args) => args.iter().map(Expr::depth).max().unwrap_or(0),
        }
    }
}

/// The built-in functions.
#[haltable]
fn call(name: &str, args: &[f64]) -> Result<f64, ExprError> {
    let arity = |expected: usize| -> Result<(), ExprError> {
        if args.len() == expected {
            Ok(())
        } else {
            Err(ExprError::Arity {
                name: name.to_owned(),
                expected,
                got: args.len(),
            })
        }
    };
    match name {
        "abs" => arity(1).map(|()| args[0].abs()),
        "sqrt" => arity(1).map(|()| args[0].sqrt()),
        "max" | "min" if args.is_empty() => Err(ExprError::Arity {
            name: name.to_owned(),
            expected: 1,
            got: 0,
        }),
        "max" => Ok(args.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
        "min" => Ok(args.iter().copied().fold(f64::INFINITY, f64::min)),
        "sum" => Ok(args.iter().sum()),
        "avg" => {
            let mut total = 0.0;
            for a in args {
                total += a;
            }
            if args.is_empty() {
                Err(ExprError::DivisionByZero)
            } else {
                Ok(total / args.len() as f64)
            }
        }
        other => Err(ExprError::UnknownFunction(other.to_owned())),
    }
}

impl fmt::Display for Expr {
    /// Prints the expression with the parentheses that precedence needs, and no others.
    #[haltable]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn prec(e: &Expr) -> u8 {
            match e {
                Expr::Bin(_, op, _) => op.precedence(),
                _ => 4,
            }
        }
        match self {
            Expr::Num(n) => write!(f, "{n}"),
            Expr::Var(v) => f.write_str(v),
            Expr::Neg(inner) if prec(inner) < 4 => write!(f, "-({inner})"),
            Expr::Neg(inner) => write!(f, "-{inner}"),
            Expr::Bin(a, op, b) => {
                let p = op.precedence();
                let right_assoc = *op == BinOp::Pow;
                let left_parens = prec(a) < p || (right_assoc && prec(a) == p);
                let right_parens = prec(b) < p || (!right_assoc && prec(b) == p);
                if left_parens {
                    write!(f, "({a})")?;
                } else {
                    write!(f, "{a}")?;
                }
                write!(f, " {} ", op.symbol())?;
                if right_parens {
                    write!(f, "({b})")
                } else {
                    write!(f, "{b}")
                }
            }
            Expr::Call(name, args) => {
                write!(f, "{name}(")?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")
            }
        }
    }
}

/// Parses and evaluates `src` with the given variables.
#[haltable]
pub fn evaluate(src: &str, vars: &[(&str, f64)]) -> Result<f64, Box<dyn std::error::Error>> {
    let env: Env = vars.iter().map(|&(k, v)| (k.to_owned(), v)).collect();
    Ok(parse(src)?.eval(&env)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(src: &str) -> Result<f64, ExprError> {
        parse(src)?.eval(&Env::new())
    }

    #[test]
    fn tokens() {
        assert_eq!(
            tokenize("x1 + 2.5*(y)").unwrap(),
            [
                Token::Ident("x1".into()),
                Token::Op('+'),
                Token::Num(2.5),
                Token::Op('*'),
                Token::LParen,
                Token::Ident("y".into()),
                Token::RParen,
            ]
        );
        assert_eq!(tokenize("1 $ 2"), Err(ExprError::UnexpectedChar('$', 2)));
        assert_eq!(tokenize("1.2.3"), Err(ExprError::UnexpectedChar('1', 0)));
        assert_eq!(tokenize("").unwrap(), []);
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(eval("1 + 2 * 3"), Ok(7.0));
        assert_eq!(eval("(1 + 2) * 3"), Ok(9.0));
        assert_eq!(eval("2 ^ 3 ^ 2"), Ok(512.0));
        assert_eq!(eval("10 - 4 - 3"), Ok(3.0));
        assert_eq!(eval("-2 ^ 2"), Ok(4.0));
        assert_eq!(eval("--3"), Ok(3.0));
        assert_eq!(eval("7 % 4 * 2"), Ok(6.0));
        assert_eq!(eval("100 / 10 / 5"), Ok(2.0));
    }

    #[test]
    fn functions_and_variables() {
        assert_eq!(eval("max(1, 5, 3) + min(4, 2)"), Ok(7.0));
        assert_eq!(eval("sqrt(16) * abs(-2)"), Ok(8.0));
        assert_eq!(eval("sum() + avg(1, 2, 3, 6)"), Ok(3.0));
        let result = evaluate("x * x + y", &[("x", 3.0), ("y", 0.5)]).unwrap();
        assert_eq!(result, 9.5);
        assert_eq!(
            eval("sqrt(1, 2)"),
            Err(ExprError::Arity {
                name: "sqrt".into(),
                expected: 1,
                got: 2
            })
        );
        assert_eq!(
            eval("max()").unwrap_err().to_string(),
            "`max` takes 1 arguments, not 0"
        );
        assert_eq!(eval("avg()"), Err(ExprError::DivisionByZero));
        assert_eq!(
            eval("nope(1)"),
            Err(ExprError::UnknownFunction("nope".into()))
        );
        assert_eq!(
            eval("x + 1").unwrap_err().to_string(),
            "unknown variable `x`"
        );
    }

    #[test]
    fn errors() {
        assert_eq!(eval("1 / 0"), Err(ExprError::DivisionByZero));
        assert_eq!(
            eval("1 % (2 - 2)").unwrap_err().to_string(),
            "division by zero"
        );
        assert_eq!(eval("(1 + 2"), Err(ExprError::UnexpectedEnd));
        assert_eq!(eval("1 + "), Err(ExprError::UnexpectedEnd));
        assert_eq!(
            eval("1 2"),
            Err(ExprError::UnexpectedToken(Token::Num(2.0)))
        );
        assert_eq!(
            eval("max(1 2)"),
            Err(ExprError::UnexpectedToken(Token::Num(2.0)))
        );
        assert_eq!(eval("f(1,"), Err(ExprError::UnexpectedEnd));
        assert_eq!(
            eval(")").unwrap_err().to_string(),
            "unexpected token RParen"
        );
        assert!(evaluate("1 +* 2", &[]).is_err());
    }

    #[test]
    fn printing_round_trips() {
        for src in [
            "1 + 2 * 3",
            "(1 + 2) * 3",
            "2 ^ 3 ^ 2",
            "(2 ^ 3) ^ 2",
            "10 - (4 - 3)",
            "-(a + b) * c",
            "max(a, b + 1, -c) / 2",
            "f()",
        ] {
            let expr = parse(src).unwrap();
            assert_eq!(expr.to_string(), src);
            assert_eq!(parse(&expr.to_string()).unwrap(), expr);
        }
    }

    #[test]
    fn simplification_and_walks() {
        let e = parse("x * (2 + 3) + 0 - y / 1 + 4 / 0").unwrap().simplify();
        assert_eq!(e.to_string(), "x * 5 - y + 4 / 0");
        assert_eq!(e.variables(), ["x", "y"]);
        assert_eq!(parse("-(1 + 2)").unwrap().simplify(), Expr::Num(-3.0));
        assert_eq!(
            parse("f(1 + 1, a)").unwrap().simplify().to_string(),
            "f(2, a)"
        );
        assert_eq!(parse("1").unwrap().depth(), 1);
        assert_eq!(parse("a + max(b * (c - d))").unwrap().depth(), 5);
        assert_eq!(parse("b + a + a").unwrap().variables(), ["a", "b"]);
    }

    #[test]
    fn deep_expressions() {
        let src = format!("{}1{}", "(".repeat(100), " + 1)".repeat(100));
        assert_eq!(eval(&src), Ok(101.0));
        let long = vec!["1"; 500].join(" + ");
        assert_eq!(eval(&long), Ok(500.0));
    }
}
