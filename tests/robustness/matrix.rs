//! A dense matrix generic over its scalar, with operator impls, exponentiation by squaring,
//! Gaussian elimination, and `Display`.

use std::fmt;
use std::ops::{Add, Index, IndexMut, Mul, Neg, Sub};

use threadmgr::haltable;

/// What a matrix can hold.
pub trait Scalar:
    Copy
    + PartialEq
    + fmt::Debug
    + fmt::Display
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
{
    /// The additive identity.
    const ZERO: Self;
    /// The multiplicative identity.
    const ONE: Self;
}

macro_rules! scalar {
    ($($t:ty => $zero:expr, $one:expr;)*) => {
        $(impl Scalar for $t {
            const ZERO: Self = $zero;
            const ONE: Self = $one;
        })*
    };
}

scalar! {
    i64 => 0, 1;
    u64 => 0, 1;
    f64 => 0.0, 1.0;
}

/// A `rows` by `cols` matrix, row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix<T> {
    rows: usize,
    cols: usize,
    data: Vec<T>,
}

/// Two matrices whose shapes do not fit the operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShapeMismatch {
    pub left: (usize, usize),
    pub right: (usize, usize),
}

#[haltable]
impl<T: Scalar> Matrix<T> {
    /// A matrix of zeros.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Matrix {
            rows,
            cols,
            data: vec![T::ZERO; rows * cols],
        }
    }

    /// The identity matrix.
    pub fn identity(n: usize) -> Self {
        let mut m = Self::zeros(n, n);
        for i in 0..n {
            m[(i, i)] = T::ONE;
        }
        m
    }

    /// A matrix whose item at `(r, c)` is `f(r, c)`.
    pub fn from_fn(rows: usize, cols: usize, mut f: impl FnMut(usize, usize) -> T) -> Self {
        let mut data = Vec::with_capacity(rows * cols);
        for r in 0..rows {
            for c in 0..cols {
                data.push(f(r, c));
            }
        }
        Matrix { rows, cols, data }
    }

    /// A matrix from rows of equal length.
    ///
    /// # Panics
    ///
    /// If the rows do not all have the same length.
    pub fn from_rows<R: AsRef<[T]>>(rows: &[R]) -> Self {
        let cols = rows.first().map_or(0, |r| r.as_ref().len());
        let mut data = Vec::with_capacity(rows.len() * cols);
        for (i, row) in rows.iter().enumerate() {
            let row = row.as_ref();
            assert_eq!(
                row.len(),
                cols,
                "row {i} has {} items, not {cols}",
                row.len()
            );
            data.extend_from_slice(row);
        }
        Matrix {
            rows: rows.len(),
            cols,
            data,
        }
    }

    /// `(rows, cols)`.
    pub fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// A row as a slice.
    pub fn row(&self, r: usize) -> &[T] {
        &self.data[r * self.cols..(r + 1) * self.cols]
    }

    /// The transpose.
    pub fn transpose(&self) -> Self {
        Self::from_fn(self.cols, self.rows, |r, c| self[(c, r)])
    }

    /// The sum of the diagonal.
    pub fn trace(&self) -> T {
        let mut sum = T::ZERO;
        for i in 0..self.rows.min(self.cols) {
            sum = sum + self[(i, i)];
        }
        sum
    }

    /// The matrix with `f` applied to every item.
    pub fn map<U: Scalar>(&self, f: impl Fn(T) -> U) -> Matrix<U> {
        Matrix {
            rows: self.rows,
            cols: self.cols,
            data: self.data.iter().map(|&x| f(x)).collect(),
        }
    }

    /// The product, or the shapes if they do not fit.
    pub fn checked_mul(&self, other: &Self) -> Result<Self, ShapeMismatch> {
        if self.cols != other.rows {
            return Err(ShapeMismatch {
                left: self.shape(),
                right: other.shape(),
            });
        }
        let mut out = Self::zeros(self.rows, other.cols);
        for i in 0..self.rows {
            for k in 0..self.cols {
                let a = self[(i, k)];
                for j in 0..other.cols {
                    out[(i, j)] = out[(i, j)] + a * other[(k, j)];
                }
            }
        }
        Ok(out)
    }

    /// The `n`-th power of a square matrix, by squaring; `None` if it is not square.
    pub fn pow(&self, mut n: u32) -> Option<Self> {
        if self.rows != self.cols {
            return None;
        }
        let mut result = Self::identity(self.rows);
        let mut base = self.clone();
        while n > 0 {
            if n & 1 == 1 {
                result = &result * &base;
            }
            n >>= 1;
            if n > 0 {
                base = &base * &base;
            }
        }
        Some(result)
    }
}

#[haltable]
impl Matrix<f64> {
    /// The determinant, by Gaussian elimination with partial pivoting.
    pub fn determinant(&self) -> Option<f64> {
        if self.rows != self.cols {
            return None;
        }
        let n = self.rows;
        let mut m = self.clone();
        let mut det = 1.0;
        for col in 0..n {
            let pivot = (col..n)
                .max_by(|&a, &b| m[(a, col)].abs().total_cmp(&m[(b, col)].abs()))
                .expect("the range is not empty");
            if m[(pivot, col)] == 0.0 {
                return Some(0.0);
            }
            if pivot != col {
                for c in 0..n {
                    m.data.swap(pivot * n + c, col * n + c);
                }
                det = -det;
            }
            det *= m[(col, col)];
            for r in col + 1..n {
                let factor = m[(r, col)] / m[(col, col)];
                for c in col..n {
                    let delta = factor * m[(col, c)];
                    m[(r, c)] -= delta;
                }
            }
        }
        Some(det)
    }
}

#[haltable]
impl<T: Scalar> Index<(usize, usize)> for Matrix<T> {
    type Output = T;

    fn index(&self, (r, c): (usize, usize)) -> &T {
        assert!(
            r < self.rows && c < self.cols,
            "({r}, {c}) is outside {:?}",
            self.shape()
        );
        &self.data[r * self.cols + c]
    }
}

#[haltable]
impl<T: Scalar> IndexMut<(usize, usize)> for Matrix<T> {
    fn index_mut(&mut self, (r, c): (usize, usize)) -> &mut T {
        assert!(
            r < self.rows && c < self.cols,
            "({r}, {c}) is outside {:?}",
            self.shape()
        );
        &mut self.data[r * self.cols + c]
    }
}

#[haltable]
impl<T: Scalar> Add for &Matrix<T> {
    type Output = Matrix<T>;

    fn add(self, other: &Matrix<T>) -> Matrix<T> {
        assert_eq!(
            self.shape(),
            other.shape(),
            "adding matrices of different shapes"
        );
        Matrix {
            rows: self.rows,
            cols: self.cols,
            data: self
                .data
                .iter()
                .zip(&other.data)
                .map(|(&a, &b)| a + b)
                .collect(),
        }
    }
}

#[haltable]
impl<T: Scalar> Add for Matrix<T> {
    type Output = Matrix<T>;

    fn add(self, other: Matrix<T>) -> Matrix<T> {
        &self + &other
    }
}

#[haltable]
impl<T: Scalar> Sub for &Matrix<T> {
    type Output = Matrix<T>;

    fn sub(self, other: &Matrix<T>) -> Matrix<T> {
        assert_eq!(
            self.shape(),
            other.shape(),
            "subtracting matrices of different shapes"
        );
        let mut out = self.clone();
        for (a, &b) in out.data.iter_mut().zip(&other.data) {
            *a = *a - b;
        }
        out
    }
}

#[haltable]
impl<T: Scalar> Mul for &Matrix<T> {
    type Output = Matrix<T>;

    fn mul(self, other: &Matrix<T>) -> Matrix<T> {
        match self.checked_mul(other) {
            Ok(product) => product,
            Err(e) => panic!("cannot multiply {:?} by {:?}", e.left, e.right),
        }
    }
}

#[haltable]
impl<T: Scalar> Mul<T> for Matrix<T> {
    type Output = Matrix<T>;

    fn mul(mut self, k: T) -> Matrix<T> {
        for x in &mut self.data {
            *x = *x * k;
        }
        self
    }
}

#[haltable]
impl<T: Scalar + Neg<Output = T>> Neg for Matrix<T> {
    type Output = Matrix<T>;

    fn neg(self) -> Matrix<T> {
        self.map(|x| -x)
    }
}

#[haltable]
impl<T: Scalar> fmt::Display for Matrix<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cells: Vec<String> = self.data.iter().map(|x| x.to_string()).collect();
        let width = cells.iter().map(String::len).max().unwrap_or(0);
        for r in 0..self.rows {
            f.write_str("[")?;
            for c in 0..self.cols {
                if c > 0 {
                    f.write_str(" ")?;
                }
                write!(f, "{:>width$}", cells[r * self.cols + c])?;
            }
            writeln!(f, "]")?;
        }
        Ok(())
    }
}

/// The `n`-th Fibonacci number, as the corner of a matrix power.
#[haltable]
pub fn fibonacci(n: u32) -> u64 {
    let step = Matrix::from_rows(&[[1u64, 1], [1, 0]]);
    step.pow(n).expect("the step matrix is square")[(0, 1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn construction_and_access() {
        let m = Matrix::from_rows(&[vec![1i64, 2, 3], vec![4, 5, 6]]);
        assert_eq!(m.shape(), (2, 3));
        assert_eq!(m.row(1), [4, 5, 6]);
        assert_eq!(m[(0, 2)], 3);
        assert_eq!(m.transpose(), Matrix::from_rows(&[[1, 4], [2, 5], [3, 6]]));
        assert_eq!(m.transpose().transpose(), m);
        assert_eq!(Matrix::<i64>::identity(3).trace(), 3);
        assert_eq!(
            Matrix::from_fn(2, 2, |r, c| (r * 10 + c) as u64).row(1),
            [10, 11]
        );
        let empty: Matrix<f64> = Matrix::from_rows::<[f64; 0]>(&[]);
        assert_eq!(empty.shape(), (0, 0));
    }

    #[test]
    #[should_panic(expected = "row 1 has 1 items, not 2")]
    fn ragged_rows_panic() {
        Matrix::from_rows(&[vec![1i64, 2], vec![3]]);
    }

    #[test]
    #[should_panic(expected = "(2, 0) is outside (2, 2)")]
    fn out_of_bounds_panics() {
        let m = Matrix::<i64>::identity(2);
        std::hint::black_box(m[(2, 0)]);
    }

    #[test]
    fn arithmetic() {
        let a = Matrix::from_rows(&[[1i64, 2], [3, 4]]);
        let b = Matrix::from_rows(&[[5i64, 6], [7, 8]]);
        assert_eq!(&a * &b, Matrix::from_rows(&[[19, 22], [43, 50]]));
        assert_eq!(&a + &b, Matrix::from_rows(&[[6, 8], [10, 12]]));
        assert_eq!(a.clone() + b.clone(), &b + &a);
        assert_eq!(&b - &a, Matrix::from_rows(&[[4, 4], [4, 4]]));
        assert_eq!(a.clone() * 3, Matrix::from_rows(&[[3, 6], [9, 12]]));
        assert_eq!(-a.clone(), a.map(|x| -x));
        assert_eq!(&a * &Matrix::identity(2), a);
        let wide = Matrix::<i64>::zeros(2, 3);
        assert_eq!(
            wide.checked_mul(&wide),
            Err(ShapeMismatch {
                left: (2, 3),
                right: (2, 3)
            })
        );
        assert_eq!(a.map(|x| x as f64 / 2.0)[(1, 1)], 2.0);
    }

    #[test]
    fn powers() {
        let a = Matrix::from_rows(&[[2i64, 0], [0, 3]]);
        assert_eq!(a.pow(0), Some(Matrix::identity(2)));
        assert_eq!(a.pow(5).unwrap(), Matrix::from_rows(&[[32, 0], [0, 243]]));
        assert_eq!(Matrix::<i64>::zeros(1, 2).pow(2), None);
        let fib: Vec<u64> = (0..12).map(fibonacci).collect();
        assert_eq!(fib, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89]);
        assert_eq!(fibonacci(90), 2_880_067_194_370_816_120);
    }

    #[test]
    fn determinants() {
        let m = Matrix::from_rows(&[[2.0, 0.0, 1.0], [1.0, 3.0, 2.0], [1.0, 1.0, 2.0]]);
        assert!((m.determinant().unwrap() - 6.0).abs() < 1e-9);
        let singular = Matrix::from_rows(&[[1.0, 2.0], [2.0, 4.0]]);
        assert_eq!(singular.determinant(), Some(0.0));
        let swap = Matrix::from_rows(&[[0.0, 1.0], [1.0, 0.0]]);
        assert_eq!(swap.determinant(), Some(-1.0));
        assert_eq!(Matrix::<f64>::zeros(2, 3).determinant(), None);
        let big = Matrix::<f64>::from_fn(30, 30, |r, c| if r == c { 2.0 } else { 0.0 });
        assert!((big.determinant().unwrap() - 2f64.powi(30)).abs() < 1e-3);
    }

    #[test]
    fn display() {
        let m = Matrix::from_rows(&[[1i64, -20], [300, 4]]);
        assert_eq!(m.to_string(), "[  1 -20]\n[300   4]\n");
        assert_eq!(Matrix::<u64>::zeros(0, 0).to_string(), "");
    }
}
