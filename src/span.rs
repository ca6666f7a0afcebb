//! Positions in a source file, and a value that keeps the position of its key and of itself,
//! so that every finding can point at the place it is about.

use std::borrow::Cow;
use std::num::NonZeroU64;

use schemars::{JsonSchema, Schema, SchemaGenerator};

/// A place in a source file: 1-based line and column (in characters), and the length in
/// characters of what is there (for the caret under it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

impl Pos {
    pub const START: Pos = Pos {
        line: 1,
        column: 1,
        len: 0,
    };

    /// The position serde-saphyr reports for a node or an error.
    pub fn of(location: &serde_saphyr::Location) -> Pos {
        Pos {
            line: clamp(location.line()).max(1),
            column: clamp(location.column()).max(1),
            len: clamp(location.span().len()),
        }
    }
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value read from a file, with the position of its key and of the value itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node<T> {
    pub value: T,
    /// Where the key naming this value stands (the value's own position for list items).
    key: Packed,
    /// Where the value starts.
    at: Packed,
}

impl<T> Node<T> {
    pub fn new(value: T, key: Pos, at: Pos) -> Node<T> {
        Node {
            value,
            key: Packed::from(key),
            at: Packed::from(at),
        }
    }

    /// Where the key naming this value stands (the value's own position for list items).
    pub fn key(&self) -> Pos {
        self.key.into()
    }

    /// Where the value starts.
    pub fn at(&self) -> Pos {
        self.at.into()
    }
}

/// A [`Pos`] in 8 bytes instead of 12, for the positions a loaded model keeps (two on each of
/// a community's 20-odd values, times 10,000 communities): line, column and length in 21 bits
/// each. That is exact for every file cop reads into a model (at most 1 MiB, so no line,
/// column or length passes 2^20 + 1); a larger number is kept as the largest that fits. The
/// top bit is always set, so that an absent value costs no more than a present one
/// (`Option<Node<Week>>` is as large as `Node<Week>`).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Packed(NonZeroU64);

const BITS: u32 = 21;
const MASK: u64 = (1 << BITS) - 1;
const MARK: NonZeroU64 = NonZeroU64::new(1 << 63).unwrap();

impl From<Pos> for Packed {
    fn from(pos: Pos) -> Packed {
        let part = |n: u32| u64::from(n).min(MASK);
        Packed(MARK | part(pos.line) << (2 * BITS) | part(pos.column) << BITS | part(pos.len))
    }
}

impl From<Packed> for Pos {
    fn from(packed: Packed) -> Pos {
        let part = |shift: u32| ((packed.0.get() >> shift) & MASK) as u32;
        Pos {
            line: part(2 * BITS),
            column: part(BITS),
            len: part(0),
        }
    }
}

/// As the position it packs.
impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Pos::from(*self).fmt(f)
    }
}

/// In the schema a node is just its value: positions come from the file, not from its text.
impl<T: JsonSchema> JsonSchema for Node<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_keeps_every_position_a_model_file_can_hold() {
        // A 1 MiB file on one line: its last column, and a value as long as the file.
        let edge = Pos {
            line: 1_048_577,
            column: 1_048_577,
            len: 1_048_576,
        };
        for pos in [
            Pos::START,
            Pos::default(),
            edge,
            Pos {
                line: 7,
                column: 3,
                len: 0,
            },
        ] {
            let node = Node::new((), pos, edge);
            assert_eq!((node.key(), node.at()), (pos, edge));
        }
        assert_eq!(std::mem::size_of::<Node<()>>(), 16);
        assert_eq!(std::mem::size_of::<Option<Node<i8>>>(), 24);
    }

    #[test]
    fn a_larger_number_is_kept_as_the_largest_that_fits() {
        let huge = Pos {
            line: u32::MAX,
            column: 3,
            len: 1 << 21,
        };
        let max = (1 << 21) - 1;
        let kept = Node::new((), huge, Pos::START).key();
        assert_eq!(
            kept,
            Pos {
                line: max,
                column: 3,
                len: max,
            }
        );
    }

    #[test]
    fn a_node_prints_its_positions_as_positions() {
        let node = Node::new(
            1,
            Pos::START,
            Pos {
                line: 2,
                column: 4,
                len: 1,
            },
        );
        assert_eq!(
            format!("{node:?}"),
            "Node { value: 1, key: Pos { line: 1, column: 1, len: 0 }, at: Pos { line: 2, column: 4, len: 1 } }"
        );
    }
}
