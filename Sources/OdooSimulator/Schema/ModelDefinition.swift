/// The kinds of field the simulator stores, named as Odoo's `fields_get` names them.
package enum FieldType: String, Sendable, Codable {
  case char, text, html, integer, float, monetary, boolean, date, datetime, selection
  case many2one, one2many, many2many

  package var isRelational: Bool { self == .many2one || self == .one2many || self == .many2many }
  package var isToMany: Bool { self == .one2many || self == .many2many }
  package var isTextual: Bool { self == .char || self == .text || self == .html || self == .selection }
  package var isNumeric: Bool { self == .integer || self == .float || self == .monetary }
}

/// Who may change a model's records. Odoo expresses this with groups and ACL rows; the
/// simulator has three kinds of user, so a set of roles is enough.
package enum UserRole: String, Sendable, Codable, CaseIterable {
  /// `base.group_system`: may do anything.
  case administrator
  /// `purchase.group_purchase_user`: buys, edits vendors and products.
  case purchaseUser
  /// An internal user with read access only.
  case readOnly
}

/// One field of a model: its type, label, constraints and, for computed or related fields, where
/// its value comes from.
package struct FieldDefinition: Sendable {
  package var name: String
  package var type: FieldType
  /// The label (`string` in `fields_get`).
  package var label: String
  package var required = false
  package var readonly = false
  /// The comodel of a relational field.
  package var relation: String?
  /// For one2many: the many2one on the comodel that points back.
  package var inverseName: String?
  /// For selections: `[key, label]` pairs, in order.
  package var selection: [(String, String)] = []
  /// Stored in the record (false for values computed on read, such as `display_name`).
  package var store = true
  /// A value the server computes; writes to a computed field without an inverse are ignored.
  package var computed = false
  /// A related field (`product_tmpl_id.name`): read through the path, written to its end.
  package var related: [String]?
  /// Deleting the comodel record deletes this record (`ondelete='cascade'`).
  package var cascade = false

  package init(_ name: String, _ type: FieldType, _ label: String) {
    self.name = name
    self.type = type
    self.label = label
  }
}

/// A model's schema: its fields and the few class attributes the ORM consults.
package struct ModelDefinition: Sendable {
  package var name: String
  /// `_description`, used in access and constraint messages ("Purchase Order").
  package var description: String
  package var fields: [String: FieldDefinition] = [:]
  /// Fields in declaration order, for `fields_get` and "all fields" reads.
  package var fieldOrder: [String] = []
  /// `_order`.
  package var defaultOrder = "id"
  /// `_rec_name`, the field `display_name` and `name_search` use.
  package var recName: String? = "name"
  /// `_rec_names_search`: the fields `name_search` matches.
  package var recNamesSearch: [String] = ["name"]
  /// The hierarchy field for `child_of` / `parent_of`.
  package var parentField: String?
  /// Roles allowed to create, write and unlink (every role may read).
  package var writeRoles: Set<UserRole> = [.administrator]
  /// The group named in an access error ("Purchase/User").
  package var writeGroupLabel = "Administration/Settings"
  /// Methods beyond the ORM's that this model offers to RPC.
  package var extraMethods: [MethodSignature] = []

  package init(_ name: String, _ description: String) {
    self.name = name
    self.description = description
  }

  package var hasActiveField: Bool { fields["active"] != nil }
  /// Whether the model keeps `create_uid`, `create_date`, `write_uid`, `write_date`.
  package var logsAccess = true

  /// Adds a field (keeping declaration order) and returns the definition for chaining.
  package mutating func add(_ field: FieldDefinition) {
    if fields[field.name] == nil { fieldOrder.append(field.name) }
    fields[field.name] = field
  }

  package mutating func add(
    _ name: String, _ type: FieldType, _ label: String, required: Bool = false, readonly: Bool = false,
    relation: String? = nil, inverse: String? = nil, selection: [(String, String)] = [], computed: Bool = false,
    store: Bool = true, related: String? = nil, cascade: Bool = false
  ) {
    var field = FieldDefinition(name, type, label)
    field.required = required
    field.readonly = readonly || computed || related != nil
    field.relation = relation
    field.inverseName = inverse
    field.selection = selection
    field.computed = computed
    field.store = store && related == nil
    field.related = related.map { $0.split(separator: ".").map(String.init) }
    field.cascade = cascade
    add(field)
  }
}
