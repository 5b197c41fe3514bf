//! [`Name`]: the pack's shared, immutable string.
//!
//! A pack names the same few thousand things (technique IDs, software IDs, countries, sectors)
//! tens of thousands of times. The binary pack stores each distinct string once
//! ([`crate::binpack`]); decoding it into a [`Name`] per distinct string, and handing out clones
//! that share it, reads the pack with no allocation per field: a clone is a reference count, not
//! a copy. The index then interns the same `Name`s.
//!
//! A `Name` reads as a `&str` everywhere (it dereferences to `str`, and compares, orders and
//! hashes as its text does, so a map keyed by `Name` is looked up with a `&str`). It serialises
//! as a plain string, so a pack's JSON is the same as with `String` fields.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A shared, immutable string: cloning it shares the text instead of copying it.
///
/// ```
/// use attrib::Name;
/// let a = Name::from("T1566.001");
/// let b = a.clone();
/// assert_eq!(b, "T1566.001");
/// assert_eq!(b.as_str().len(), 9);
/// assert!(Name::same(&a, &b));
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(Arc<str>);

impl Name {
    /// The text.
    ///
    /// ```
    /// assert_eq!(attrib::Name::from("KP").as_str(), "KP");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `a` and `b` share one text (not only equal ones): clones of one `Name` do.
    ///
    /// ```
    /// use attrib::Name;
    /// let a = Name::from("G0032");
    /// assert!(Name::same(&a, &a.clone()));
    /// assert!(!Name::same(&a, &Name::from("G0032")));
    /// ```
    pub fn same(a: &Name, b: &Name) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

/// Each of `items` as a [`Name`].
///
/// ```
/// let v = attrib::name::names(["a", "b"]);
/// assert_eq!(v, ["a", "b"]);
/// ```
pub fn names<S: Into<Name>>(items: impl IntoIterator<Item = S>) -> Vec<Name> {
    items.into_iter().map(Into::into).collect()
}

impl Default for Name {
    fn default() -> Name {
        Name::from("")
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Name {
    /// As `str` does: width, fill and alignment apply (`{:<8}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name(Arc::from(s))
    }
}

impl From<&String> for Name {
    fn from(s: &String) -> Name {
        Name(Arc::from(s.as_str()))
    }
}

impl From<String> for Name {
    fn from(s: String) -> Name {
        Name(Arc::from(s))
    }
}

impl From<&Name> for Name {
    fn from(s: &Name) -> Name {
        s.clone()
    }
}

impl From<Name> for String {
    fn from(s: Name) -> String {
        s.as_str().to_string()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == &*other.0
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
        String::deserialize(d).map(Name::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashMap};

    #[test]
    fn looks_up_and_orders_as_its_text() {
        let mut m = BTreeMap::new();
        m.insert(Name::from("b"), 2);
        m.insert(Name::from("a"), 1);
        assert_eq!(m.get("a"), Some(&1));
        assert_eq!(m.keys().map(Name::as_str).collect::<Vec<_>>(), ["a", "b"]);
        let h: HashMap<Name, u8> = [(Name::from("x"), 9)].into_iter().collect();
        assert_eq!(h.get("x"), Some(&9));
    }

    #[test]
    fn serialises_as_a_string() {
        let json = serde_json::to_string(&vec![Name::from("T1566"), Name::from("é\"")]).unwrap();
        assert_eq!(json, r#"["T1566","é\""]"#);
        let back: Vec<Name> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ["T1566", "é\""]);
        assert_eq!(
            format!("{:?} {}", Name::from("a\"b"), Name::from("c")),
            r#""a\"b" c"#
        );
        // Padding applies as to a `str`.
        assert_eq!(
            format!("[{:<4}|{:>3}]", Name::from("KP"), Name::from("x")),
            "[KP  |  x]"
        );
    }
}
