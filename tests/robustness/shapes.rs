//! A trait with default methods (annotated one by one, and a whole trait annotated), several
//! impls, trait objects, and generic fns with where clauses over them.

use std::collections::BTreeMap;
use std::f64::consts::PI;
use std::fmt::Debug;

use threadmgr::haltable;

/// A plane figure.
pub trait Shape: Debug {
    /// The area. (Annotated without a body: the macro leaves it as it is.)
    #[haltable]
    fn area(&self) -> f64;

    /// The length of the outline.
    fn perimeter(&self) -> f64;

    /// A short name.
    fn name(&self) -> String;

    /// A sentence about the shape.
    #[haltable]
    fn describe(&self) -> String {
        format!(
            "{} with area {:.2} and perimeter {:.2}",
            self.name(),
            self.area(),
            self.perimeter()
        )
    }

    /// True if `self` is larger than `other`.
    #[haltable]
    fn is_larger_than(&self, other: &dyn Shape) -> bool {
        self.area() > other.area()
    }

    /// The area after scaling the shape by `factor`.
    #[haltable]
    fn scaled_area(&self, factor: f64) -> f64
    where
        Self: Sized,
    {
        self.area() * factor * factor
    }

    /// How round the shape is: 1 for a circle, less for anything else.
    #[haltable]
    fn roundness(&self) -> f64 {
        let p = self.perimeter();
        if p == 0.0 {
            return 0.0;
        }
        4.0 * PI * self.area() / (p * p)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Circle {
    pub r: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub w: f64,
    pub h: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Triangle {
    pub a: f64,
    pub b: f64,
    pub c: f64,
}

/// A simple polygon given by its corners in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    pub points: Vec<(f64, f64)>,
}

/// Shapes side by side.
#[derive(Debug, Default)]
pub struct Group {
    pub members: Vec<Box<dyn Shape>>,
}

#[haltable]
impl Shape for Circle {
    fn area(&self) -> f64 {
        PI * self.r * self.r
    }

    fn perimeter(&self) -> f64 {
        2.0 * PI * self.r
    }

    fn name(&self) -> String {
        "circle".to_owned()
    }
}

#[haltable]
impl Shape for Rect {
    fn area(&self) -> f64 {
        self.w * self.h
    }

    fn perimeter(&self) -> f64 {
        2.0 * (self.w + self.h)
    }

    fn name(&self) -> String {
        let name = if self.w == self.h {
            "square"
        } else {
            "rectangle"
        };
        name.to_owned()
    }

    fn describe(&self) -> String {
        format!("{} {}x{}", self.name(), self.w, self.h)
    }
}

#[haltable]
impl Triangle {
    /// A triangle with these sides, if they make one.
    pub fn new(a: f64, b: f64, c: f64) -> Option<Self> {
        let mut sides = [a, b, c];
        sides.sort_by(f64::total_cmp);
        let [x, y, z] = sides;
        (x > 0.0 && x + y > z).then_some(Triangle { a, b, c })
    }
}

#[haltable]
impl Shape for Triangle {
    fn area(&self) -> f64 {
        // Heron's formula.
        let s = self.perimeter() / 2.0;
        (s * (s - self.a) * (s - self.b) * (s - self.c)).sqrt()
    }

    fn perimeter(&self) -> f64 {
        self.a + self.b + self.c
    }

    fn name(&self) -> String {
        let Triangle { a, b, c } = *self;
        let name = match (a == b, b == c, a == c) {
            (true, true, _) => "equilateral triangle",
            (true, _, _) | (_, true, _) | (_, _, true) => "isosceles triangle",
            _ => "triangle",
        };
        name.to_owned()
    }
}

#[haltable]
impl Shape for Polygon {
    fn area(&self) -> f64 {
        // The shoelace formula.
        let n = self.points.len();
        let mut twice = 0.0;
        for i in 0..n {
            let (x1, y1) = self.points[i];
            let (x2, y2) = self.points[(i + 1) % n];
            twice += x1 * y2 - x2 * y1;
        }
        twice.abs() / 2.0
    }

    fn perimeter(&self) -> f64 {
        let Some(&first) = self.points.first() else {
            return 0.0;
        };
        let mut total = 0.0;
        let mut prev = first;
        for &p in self.points.iter().skip(1).chain(std::iter::once(&first)) {
            total += ((p.0 - prev.0).powi(2) + (p.1 - prev.1).powi(2)).sqrt();
            prev = p;
        }
        total
    }

    fn name(&self) -> String {
        const NAMES: [&str; 7] = [
            "",
            "",
            "",
            "triangle",
            "quadrilateral",
            "pentagon",
            "hexagon",
        ];
        match NAMES.get(self.points.len()) {
            Some(name) if !name.is_empty() => (*name).to_owned(),
            _ => format!("{}-gon", self.points.len()),
        }
    }
}

#[haltable]
impl Shape for Group {
    fn area(&self) -> f64 {
        self.members.iter().map(|m| m.area()).sum()
    }

    fn perimeter(&self) -> f64 {
        let mut total = 0.0;
        for m in &self.members {
            total += m.perimeter();
        }
        total
    }

    fn name(&self) -> String {
        let names: Vec<String> = self.members.iter().map(|m| m.name()).collect();
        format!("group of [{}]", names.join(", "))
    }
}

/// Something that can be tallied by kind; the whole trait is annotated.
#[haltable]
pub trait Tally {
    /// The kind to count under.
    fn kind(&self) -> String;

    /// Adds one to the count of this kind.
    fn tally_into(&self, counts: &mut BTreeMap<String, usize>) {
        *counts.entry(self.kind()).or_default() += 1;
    }

    /// Counts the kinds of many.
    fn tally_all<'a, I>(items: I) -> BTreeMap<String, usize>
    where
        Self: 'a + Sized,
        I: IntoIterator<Item = &'a Self>,
    {
        let mut counts = BTreeMap::new();
        for item in items {
            item.tally_into(&mut counts);
        }
        counts
    }
}

impl<S: Shape> Tally for S {
    fn kind(&self) -> String {
        self.name()
    }
}

/// The total area of some shapes.
#[haltable]
pub fn total_area(shapes: &[Box<dyn Shape>]) -> f64 {
    shapes.iter().map(|s| s.area()).sum()
}

/// The largest shape, by area.
#[haltable]
pub fn largest<'a>(shapes: &'a [Box<dyn Shape>]) -> Option<&'a dyn Shape> {
    let mut best: Option<&'a dyn Shape> = None;
    for s in shapes {
        match best {
            Some(b) if !s.is_larger_than(b) => {}
            _ => best = Some(s.as_ref()),
        }
    }
    best
}

/// Sorts shapes of one type by area, smallest first.
#[haltable]
pub fn sort_by_area<S>(shapes: &mut [S])
where
    S: Shape + Clone,
{
    shapes.sort_by(|a, b| a.area().total_cmp(&b.area()));
}

/// Descriptions of any shapes.
#[haltable]
pub fn describe_all(shapes: impl IntoIterator<Item = impl Shape>) -> Vec<String> {
    shapes.into_iter().map(|s| s.describe()).collect()
}

/// The shapes whose area is within `range`, as references of the input's lifetime.
#[haltable]
pub fn with_area_in<'s, S, R>(shapes: &'s [S], range: R) -> impl Iterator<Item = &'s S> + 's
where
    S: Shape,
    R: std::ops::RangeBounds<f64> + 's,
{
    shapes.iter().filter(move |s| range.contains(&s.area()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn zoo() -> Vec<Box<dyn Shape>> {
        vec![
            Box::new(Circle { r: 1.0 }),
            Box::new(Rect { w: 2.0, h: 3.0 }),
            Box::new(Rect { w: 2.0, h: 2.0 }),
            Box::new(Triangle::new(3.0, 4.0, 5.0).unwrap()),
            Box::new(Polygon {
                points: vec![(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)],
            }),
        ]
    }

    #[test]
    fn areas_and_perimeters() {
        let shapes = zoo();
        let areas: Vec<f64> = shapes.iter().map(|s| s.area()).collect();
        for (got, want) in areas.iter().zip([PI, 6.0, 4.0, 6.0, 16.0]) {
            assert!(close(*got, want), "{got} != {want}");
        }
        assert!(close(total_area(&shapes), PI + 32.0));
        assert!(close(shapes[4].perimeter(), 16.0));
        assert!(close(Circle { r: 2.0 }.scaled_area(0.5), PI));
        assert_eq!(Polygon { points: vec![] }.perimeter(), 0.0);
        assert!(Triangle::new(1.0, 2.0, 3.0).is_none());
        assert!(Triangle::new(0.0, 1.0, 1.0).is_none());
    }

    #[test]
    fn default_and_overridden_methods() {
        assert_eq!(
            Circle { r: 1.0 }.describe(),
            "circle with area 3.14 and perimeter 6.28"
        );
        assert_eq!(Rect { w: 2.0, h: 3.0 }.describe(), "rectangle 2x3");
        assert!(close(Circle { r: 3.0 }.roundness(), 1.0));
        assert!(Rect { w: 1.0, h: 1.0 }.roundness() < 0.8);
        assert_eq!(Polygon { points: vec![] }.roundness(), 0.0);
        assert_eq!(
            Triangle::new(2.0, 2.0, 2.0).unwrap().name(),
            "equilateral triangle"
        );
        assert_eq!(
            Triangle::new(2.0, 2.0, 3.0).unwrap().name(),
            "isosceles triangle"
        );
        let hept = Polygon {
            points: (0..7)
                .map(|i| (f64::from(i).cos(), f64::from(i).sin()))
                .collect(),
        };
        assert_eq!(hept.name(), "7-gon");
    }

    #[test]
    fn trait_objects_and_generics() {
        let shapes = zoo();
        assert_eq!(largest(&shapes).unwrap().name(), "quadrilateral");
        assert!(largest(&[]).is_none());
        let group = Group { members: zoo() };
        assert!(close(group.area(), total_area(&shapes)));
        assert!(
            group
                .name()
                .starts_with("group of [circle, rectangle, square")
        );
        assert!(group.is_larger_than(&Circle { r: 1.0 }));
        assert_eq!(Group::default().perimeter(), 0.0);
        let mut rects = vec![
            Rect { w: 3.0, h: 3.0 },
            Rect { w: 1.0, h: 2.0 },
            Rect { w: 2.0, h: 2.0 },
        ];
        sort_by_area(&mut rects);
        assert_eq!(rects[0], Rect { w: 1.0, h: 2.0 });
        assert_eq!(describe_all(rects.clone())[2], "square 3x3");
        let mid: Vec<&Rect> = with_area_in(&rects, 3.0..=5.0).collect();
        assert_eq!(mid, [&Rect { w: 2.0, h: 2.0 }]);
        assert_eq!(with_area_in(&rects, ..).count(), 3);
    }

    #[test]
    fn tallies() {
        let circles = [Circle { r: 1.0 }, Circle { r: 2.0 }];
        let counts = Circle::tally_all(&circles);
        assert_eq!(counts.get("circle"), Some(&2));
        let rects = [
            Rect { w: 1.0, h: 1.0 },
            Rect { w: 1.0, h: 2.0 },
            Rect { w: 3.0, h: 3.0 },
        ];
        let counts = Rect::tally_all(rects.iter());
        assert_eq!(
            counts.into_iter().collect::<Vec<_>>(),
            [("rectangle".to_owned(), 1), ("square".to_owned(), 2)]
        );
    }
}
