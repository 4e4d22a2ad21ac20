import Foundation

extension PurchaseOrder {
  /// The rules every stored order must satisfy; an empty result means valid.
  ///
  /// A vendor is required; every line needs a product, a quantity above zero, a price not below
  /// zero, a discount and tax rate between 0 and 100 %; text fields are bounded and free of
  /// control characters.
  package func validate() -> [ValidationIssue] {
    var issues: [ValidationIssue] = []
    if vendorID == nil {
      issues.append(ValidationIssue(field: "vendor", rule: .required, message: "is required"))
    }
    issues += TextRules.check(reference, field: "reference", maxLength: TextRules.referenceMaxLength)
    issues += TextRules.check(vendorName, field: "vendor", maxLength: TextRules.nameMaxLength)
    issues += TextRules.check(vendorReference, field: "vendor_reference", maxLength: TextRules.referenceMaxLength)
    issues += TextRules.check(origin, field: "origin", maxLength: TextRules.referenceMaxLength)
    issues += TextRules.check(notes, field: "notes", maxLength: TextRules.notesMaxLength, multiline: true)
    if lines.count > TextRules.maxLines {
      issues.append(
        ValidationIssue(
          field: "lines", rule: .tooLong, message: "an order may have at most \(TextRules.maxLines) lines"))
    }
    for (index, line) in lines.enumerated() {
      issues += line.validate(field: "lines[\(index + 1)]")
    }
    return issues
  }

  /// The rules for changing `previous` into this order, on top of ``validate()``.
  ///
  /// Locked and cancelled orders cannot be edited (unlock or reset them first), and lines of a
  /// confirmed order cannot be deleted, as Odoo refuses both. The vendor changes only on an RFQ
  /// (draft or sent), as Odoo's form allows: once the vendor has the order, it is theirs.
  package func validateEdit(from previous: PurchaseOrder) -> [ValidationIssue] {
    var issues = validate()
    if vendorID != previous.vendorID, !previous.state.allowsVendorChange {
      issues.append(
        ValidationIssue(
          field: "vendor", rule: .notEditableInState,
          message: "only an RFQ (draft or sent) can change vendor; this one is \(previous.state.label.lowercased())"))
    }
    if previous.state == .locked || previous.state == .cancelled {
      var unchangedWorkflowFields = self
      unchangedWorkflowFields.state = previous.state
      unchangedWorkflowFields.dateApprove = previous.dateApprove
      if unchangedWorkflowFields != previous {
        issues.append(
          ValidationIssue(
            field: "state", rule: .notEditableInState,
            message: "a \(previous.state.label.lowercased()) order cannot be edited; "
              + (previous.state == .locked ? "unlock it first" : "reset it to draft first")))
      }
    }
    if previous.state.isConfirmed {
      let kept = Set(lines.map(\.id))
      for (index, line) in previous.lines.enumerated() where !kept.contains(line.id) {
        issues.append(
          ValidationIssue(
            field: "lines[\(index + 1)]", rule: .cannotDeleteConfirmedLine,
            message: "cannot delete a line of a confirmed order; set its quantity instead or cancel the order"))
      }
    }
    return issues
  }
}

extension OrderLine {
  /// The rules for one line; `field` prefixes each issue (`lines[3]`).
  package func validate(field: String) -> [ValidationIssue] {
    var issues: [ValidationIssue] = []
    if productID == nil {
      issues.append(ValidationIssue(field: "\(field).product", rule: .required, message: "a line needs a product"))
    }
    if quantity.thousandths <= 0 {
      issues.append(
        ValidationIssue(
          field: "\(field).quantity", rule: .mustBePositive, message: "must be greater than 0 (got \(quantity))"))
    }
    if unitPriceMinor < 0 {
      issues.append(
        ValidationIssue(
          field: "\(field).price", rule: .mustNotBeNegative, message: "must not be negative"))
    }
    if discount < .zero || discount > .hundred {
      issues.append(
        ValidationIssue(
          field: "\(field).discount", rule: .outOfRange, message: "must be between 0% and 100% (got \(discount))"))
    }
    if taxRate < .zero || taxRate > .hundred {
      issues.append(
        ValidationIssue(
          field: "\(field).tax", rule: .outOfRange, message: "must be between 0% and 100% (got \(taxRate))"))
    }
    issues += TextRules.check(
      description, field: "\(field).description", maxLength: TextRules.descriptionMaxLength, multiline: true)
    issues += TextRules.check(productCode, field: "\(field).product", maxLength: TextRules.referenceMaxLength)
    issues += TextRules.check(unit, field: "\(field).unit", maxLength: TextRules.referenceMaxLength)
    return issues
  }
}
