//! `#[haltable]` on an inherent impl, and its bounded methods (`crate::bounded`).

use super::assert_expands;

#[test]
fn calls_to_the_inherent_impls_bounded_fns_are_cheap() {
    assert_expands(
        "impl S {
            fn scale(a: u64) -> u64 { a * 3 }
            fn get(&self) -> u64 { self.x }
            fn both(&self) -> u64 { Self::scale(self.get()) }
            fn f(&self) -> u64 { let a = self.both(); let b = Self::scale(a); g(b) }
        }",
        "impl S {
            fn scale(a: u64) -> u64 { a * 3 }
            fn get(&self) -> u64 { self.x }
            fn both(&self) -> u64 { Self::scale(self.get()) }
            fn f(&self) -> u64 { let a = self.both(); let b = Self::scale(a); CHECK; g(b) }
        }",
    );
}

#[test]
fn a_method_call_counts_only_with_the_callers_receiver() {
    assert_expands(
        "impl S {
            fn get(&self) -> u64 { self.x }
            fn take(self) -> u64 { self.x }
            fn set(&mut self) -> u64 { let v = self.get(); v }
            fn owned(self) -> u64 { let v = self.take(); v }
            fn boxed(self: Box<Self>) -> u64 { let v = self.get(); v }
            fn other(&self, o: &S) -> u64 { let v = o.get(); v }
            fn ufcs(&mut self) -> u64 { let v = Self::get(self); v }
        }",
        "impl S {
            fn get(&self) -> u64 { self.x }
            fn take(self) -> u64 { self.x }
            fn set(&mut self) -> u64 { CHECK; let v = self.get(); v }
            fn owned(self) -> u64 { let v = self.take(); v }
            fn boxed(self: Box<Self>) -> u64 { CHECK; let v = self.get(); v }
            fn other(&self, o: &S) -> u64 { CHECK; let v = o.get(); v }
            fn ufcs(&mut self) -> u64 { let v = Self::get(self); v }
        }",
    );
}

#[test]
fn recursion_and_trait_impls_are_not_bounded() {
    assert_expands(
        "impl S {
            fn down(&self, n: u64) -> u64 { if n == 0 { 0 } else { self.down(n - 1) } }
            fn user(&self) -> u64 { let a = self.down(3); a }
        }",
        "impl S {
            fn down(&self, n: u64) -> u64 { if n == 0 { 0 } else { CHECK; self.down(n - 1) } }
            fn user(&self) -> u64 { CHECK; let a = self.down(3); a }
        }",
    );
    // In a trait impl, `Self::one` may be an inherent fn of another impl block.
    assert_expands(
        "impl T for S { fn one(&self) -> u64 { 1 } fn two(&self) -> u64 { let a = Self::one(self); a + self.one() } }",
        "impl T for S { fn one(&self) -> u64 { 1 } fn two(&self) -> u64 { CHECK; let a = Self::one(self); a + self.one() } }",
    );
}

#[test]
fn an_impl_in_a_module_knows_both() {
    assert_expands(
        "mod m {
            fn mix(a: u64) -> u64 { a ^ 5 }
            impl S { fn get(&self) -> u64 { mix(self.x) } fn f(&self) -> u64 { let a = self.get(); g(a) } }
        }",
        "mod m {
            fn mix(a: u64) -> u64 { a ^ 5 }
            impl S { fn get(&self) -> u64 { mix(self.x) } fn f(&self) -> u64 { let a = self.get(); CHECK; g(a) } }
        }",
    );
}
