/// The models the simulator serves, with the fields a purchase-order client meets, per version.
///
/// Field names, labels, selections and `_order` follow Odoo 17's purchase, product and base
/// modules (odoo-api.md §5); the 18 and 19 differences come from ``OdooVersion``. Fields that
/// only other modules use (analytic distribution, fiscal positions, pickings) are left out; a
/// client that asks `fields_get` sees exactly what is here.
package struct Schema: Sendable {
  package let version: OdooVersion
  package private(set) var models: [String: ModelDefinition] = [:]
  /// Each model's callable methods by name, built once.
  private var methodTables: [String: [String: MethodSignature]] = [:]
  /// The many2one fields that some one2many reads through, as `model.field`; the database keeps
  /// an index for each so that reading `order_line` does not scan every line.
  package private(set) var indexedInverses: Set<String> = []

  package subscript(model: String) -> ModelDefinition? { models[model] }

  // swift-format-ignore
  package init(version: OdooVersion) {
    self.version = version
    let purchaseWriters: Set<UserRole> = [.administrator, .purchaseUser]

    var company = ModelDefinition("res.company", "Companies")
    company.add("name", .char, "Company Name", required: true)
    company.add("currency_id", .many2one, "Currency", required: true, relation: "res.currency")
    company.add("partner_id", .many2one, "Partner", required: true, relation: "res.partner")
    company.add("po_double_validation", .selection, "Levels of Approvals",
                selection: [("one_step", "Confirm purchase orders in one step"), ("two_step", "Get 2 levels of approvals to confirm a purchase order")])
    company.add("po_double_validation_amount", .monetary, "Double validation amount")
    company.add("po_lock", .selection, "Purchase Order Modification",
                selection: [("edit", "Allow to edit purchase orders"), ("lock", "Confirmed purchase orders are not editable")])
    add(company)

    var currency = ModelDefinition("res.currency", "Currency")
    currency.defaultOrder = "active desc, name"
    currency.add("name", .char, "Currency", required: true)
    currency.add("full_name", .char, "Name")
    currency.add("symbol", .char, "Symbol", required: true)
    currency.add("rate", .float, "Current Rate")
    currency.add("rounding", .float, "Rounding Factor")
    currency.add("decimal_places", .integer, "Decimal Places")
    currency.add("active", .boolean, "Active")
    add(currency)

    var partner = ModelDefinition("res.partner", "Contact")
    partner.defaultOrder = "complete_name ASC, id DESC"
    partner.recNamesSearch = ["complete_name", "email", "ref", "vat"]
    partner.parentField = "parent_id"
    partner.writeRoles = purchaseWriters
    partner.writeGroupLabel = "Purchase/User"
    partner.add("name", .char, "Name")
    partner.add("complete_name", .char, "Complete Name", computed: true)
    partner.add("is_company", .boolean, "Is a Company")
    partner.add("parent_id", .many2one, "Related Company", relation: "res.partner")
    partner.add("child_ids", .one2many, "Contact", relation: "res.partner", inverse: "parent_id")
    partner.add("commercial_partner_id", .many2one, "Commercial Entity", relation: "res.partner", computed: true)
    partner.add("ref", .char, "Reference")
    partner.add("vat", .char, "Tax ID")
    partner.add("email", .char, "Email")
    partner.add("phone", .char, "Phone")
    partner.add("country_code", .char, "Country Code")
    partner.add("lang", .char, "Language")
    partner.add("company_id", .many2one, "Company", relation: "res.company")
    partner.add("supplier_rank", .integer, "Supplier Rank")
    partner.add("property_purchase_currency_id", .many2one, "Supplier Currency", relation: "res.currency")
    partner.add("active", .boolean, "Active")
    add(partner)

    var users = ModelDefinition("res.users", "User")
    users.defaultOrder = "name, login"
    users.recNamesSearch = ["name", "login"]
    users.add("name", .char, "Name", related: "partner_id.name")
    users.add("login", .char, "Login", required: true)
    users.add("partner_id", .many2one, "Related Partner", required: true, relation: "res.partner")
    users.add("company_id", .many2one, "Company", required: true, relation: "res.company")
    users.add("share", .boolean, "Share User", computed: true)
    users.add("tz", .char, "Timezone")
    users.add("lang", .char, "Language")
    users.add("active", .boolean, "Active")
    users.extraMethods = [MethodSignature("context_get", .model)]
    add(users)

    var uom = ModelDefinition("uom.uom", "Product Unit of Measure")
    uom.defaultOrder = "name"
    uom.add("name", .char, "Unit of Measure", required: true)
    uom.add("rounding", .float, "Rounding Precision")
    uom.add("factor", .float, "Ratio")
    if version != .v19 {
      uom.add("uom_type", .selection, "Type", selection: [("bigger", "Bigger than the reference Unit of Measure"), ("reference", "Reference Unit of Measure for this category"), ("smaller", "Smaller than the reference Unit of Measure")])
    }
    uom.add("active", .boolean, "Active")
    add(uom)

    var tax = ModelDefinition("account.tax", "Tax")
    tax.defaultOrder = "sequence,id"
    tax.add("name", .char, "Tax Name", required: true)
    tax.add("amount", .float, "Amount", required: true)
    tax.add("amount_type", .selection, "Tax Computation", required: true,
            selection: [("group", "Group of Taxes"), ("fixed", "Fixed"), ("percent", "Percentage of Price"), ("division", "Percentage of Price Tax Included")])
    tax.add("type_tax_use", .selection, "Tax Type", required: true, selection: [("sale", "Sales"), ("purchase", "Purchases"), ("none", "None")])
    tax.add("price_include", .boolean, "Included in Price")
    tax.add("sequence", .integer, "Sequence")
    tax.add("company_id", .many2one, "Company", required: true, relation: "res.company")
    tax.add("active", .boolean, "Active")
    add(tax)

    let productTypes: [(String, String)] =
      version == .v17 ? [("consu", "Consumable"), ("service", "Service"), ("product", "Storable Product")]
      : [("consu", "Goods"), ("service", "Service"), ("combo", "Combo")]
    for modelName in ["product.template", "product.product"] {
      let isVariant = modelName == "product.product"
      var product = ModelDefinition(modelName, isVariant ? "Product Variant" : "Product")
      product.defaultOrder = isVariant ? "default_code, name, id" : "is_favorite desc, name"
      product.recNamesSearch = ["default_code", "name", "barcode"]
      product.writeRoles = purchaseWriters
      product.writeGroupLabel = "Purchase/User"
      let via: (String) -> String? = { isVariant ? "product_tmpl_id.\($0)" : nil }
      if isVariant {
        product.add("product_tmpl_id", .many2one, "Product Template", required: true, relation: "product.template", cascade: true)
        product.add("barcode", .char, "Barcode")
        product.add("default_code", .char, "Internal Reference")
      } else {
        product.add("is_favorite", .boolean, "Favorite")
        product.add("default_code", .char, "Internal Reference")
        product.add("barcode", .char, "Barcode")
        product.add("product_variant_ids", .one2many, "Products", relation: "product.product", inverse: "product_tmpl_id")
      }
      product.add("name", .char, "Name", required: !isVariant, related: via("name"))
      product.add("type", .selection, "Product Type", required: !isVariant, selection: productTypes, related: via("type"))
      if version == .v17 {
        product.add("detailed_type", .selection, "Product Type", selection: productTypes, related: via("detailed_type"))
      } else {
        product.add("is_storable", .boolean, "Track Inventory", related: via("is_storable"))
      }
      product.add("uom_id", .many2one, "Unit of Measure", required: !isVariant, relation: "uom.uom", related: via("uom_id"))
      if version != .v19 {
        product.add("uom_po_id", .many2one, "Purchase Unit", required: !isVariant, relation: "uom.uom", related: via("uom_po_id"))
      }
      product.add("standard_price", .float, "Cost", related: via("standard_price"))
      product.add(isVariant ? "lst_price" : "list_price", .float, "Sales Price", related: via("list_price"))
      product.add("purchase_ok", .boolean, "Can be Purchased", related: via("purchase_ok"))
      product.add("description_purchase", .text, "Purchase Description", related: via("description_purchase"))
      product.add("supplier_taxes_id", .many2many, "Vendor Taxes", relation: "account.tax", related: via("supplier_taxes_id"))
      if isVariant {
        product.add("seller_ids", .one2many, "Vendors", relation: "product.supplierinfo", related: "product_tmpl_id.seller_ids")
      } else {
        product.add("seller_ids", .one2many, "Vendors", relation: "product.supplierinfo", inverse: "product_tmpl_id")
      }
      product.add("active", .boolean, "Active")
      add(product)
    }

    var seller = ModelDefinition("product.supplierinfo", "Supplier Pricelist")
    seller.defaultOrder = "sequence, min_qty DESC, price, id"
    seller.recName = "partner_id"
    seller.recNamesSearch = ["partner_id"]
    seller.writeRoles = purchaseWriters
    seller.writeGroupLabel = "Purchase/User"
    seller.add("partner_id", .many2one, "Vendor", required: true, relation: "res.partner")
    seller.add("product_name", .char, "Vendor Product Name")
    seller.add("product_code", .char, "Vendor Product Code")
    seller.add("sequence", .integer, "Sequence")
    seller.add("product_tmpl_id", .many2one, "Product Template", relation: "product.template", cascade: true)
    seller.add("product_id", .many2one, "Product Variant", relation: "product.product")
    seller.add(version == .v19 ? "product_uom_id" : "product_uom", .many2one, "Unit", relation: "uom.uom",
               related: version == .v19 ? "product_tmpl_id.uom_id" : "product_tmpl_id.uom_po_id")
    seller.add("min_qty", .float, "Quantity", required: true)
    seller.add("price", .float, "Price", required: true)
    seller.add("discount", .float, "Discount (%)")
    seller.add("currency_id", .many2one, "Currency", required: true, relation: "res.currency")
    seller.add("date_start", .date, "Start Date")
    seller.add("date_end", .date, "End Date")
    seller.add("delay", .integer, "Delivery Lead Time", required: true)
    seller.add("company_id", .many2one, "Company", relation: "res.company")
    add(seller)

    var order = ModelDefinition("purchase.order", "Purchase Order")
    order.defaultOrder = "priority desc, id desc"
    order.recNamesSearch = ["name", "partner_ref"]
    order.writeRoles = purchaseWriters
    order.writeGroupLabel = "Purchase/User"
    var states: [(String, String)] = [("draft", "RFQ"), ("sent", "RFQ Sent"), ("to approve", "To Approve"), ("purchase", "Purchase Order")]
    if !version.hasLockedFlag { states.append(("done", "Locked")) }
    states.append(("cancel", "Cancelled"))
    order.add("name", .char, "Order Reference", required: true)
    order.add("priority", .selection, "Priority", selection: [("0", "Normal"), ("1", "Urgent")])
    order.add("origin", .char, version == .v19 ? "Source" : "Source Document")
    order.add("partner_ref", .char, "Vendor Reference")
    order.add("date_order", .datetime, "Order Deadline", required: true)
    order.add("date_approve", .datetime, version == .v19 ? "Order Date" : "Confirmation Date", readonly: true)
    order.add("partner_id", .many2one, "Vendor", required: true, relation: "res.partner")
    order.add("dest_address_id", .many2one, "Dropship Address", relation: "res.partner")
    order.add("currency_id", .many2one, "Currency", required: true, relation: "res.currency")
    order.add("state", .selection, "Status", readonly: true, selection: states)
    if version.hasLockedFlag { order.add("locked", .boolean, "Locked") }
    order.add("order_line", .one2many, "Order Lines", relation: "purchase.order.line", inverse: "order_id")
    order.add(version.orderNotesField, .html, "Terms and Conditions")
    order.add("date_planned", .datetime, "Expected Arrival")
    order.add("amount_untaxed", .monetary, "Untaxed Amount", computed: true)
    order.add("amount_tax", .monetary, "Taxes", computed: true)
    order.add("amount_total", .monetary, "Total", computed: true)
    order.add("company_id", .many2one, "Company", required: true, relation: "res.company")
    order.add("user_id", .many2one, "Buyer", relation: "res.users")
    order.add("invoice_status", .selection, "Billing Status",
              selection: [("no", "Nothing to Bill"), ("to invoice", "Waiting Bills"), ("invoiced", "Fully Billed")], computed: true)
    order.add("invoice_count", .integer, "Bill Count", computed: true)
    order.add("receipt_status", .selection, "Receipt Status",
              selection: [("pending", "Not Received"), ("partial", "Partially Received"), ("full", "Fully Received")], computed: true)
    order.add("incoming_picking_count", .integer, "Incoming Shipment count", computed: true)
    order.extraMethods = Self.workflowMethods(version: version)
    add(order)

    var line = ModelDefinition("purchase.order.line", "Purchase Order Line")
    line.defaultOrder = "order_id, sequence, id"
    line.writeRoles = purchaseWriters
    line.writeGroupLabel = "Purchase/User"
    line.add("order_id", .many2one, "Order Reference", required: true, relation: "purchase.order", cascade: true)
    line.add("sequence", .integer, "Sequence")
    line.add("name", .text, "Description", required: true)
    line.add("product_id", .many2one, "Product", relation: "product.product")
    line.add("product_qty", .float, "Quantity", required: true)
    line.add("product_uom_qty", .float, "Total Quantity", computed: true)
    line.add(version.lineUoMField, .many2one, "Unit of Measure", relation: "uom.uom")
    line.add("price_unit", .float, "Unit Price", required: true)
    line.add("discount", .float, "Discount (%)")
    line.add(version.lineTaxesField, .many2many, "Taxes", relation: "account.tax")
    line.add("price_subtotal", .monetary, "Subtotal", computed: true)
    line.add("price_tax", .float, "Tax", computed: true)
    line.add("price_total", .monetary, "Total", computed: true)
    line.add("date_planned", .datetime, "Expected Arrival")
    line.add("qty_received", .float, "Received Qty")
    line.add("qty_invoiced", .float, "Billed Qty", computed: true)
    var displayTypes: [(String, String)] = [("line_section", "Section"), ("line_note", "Note")]
    if version == .v19 { displayTypes.insert(("line_subsection", "Subsection"), at: 1) }
    line.add("display_type", .selection, "Display Type", selection: displayTypes)
    line.add("state", .selection, "Status", selection: states, related: "order_id.state")
    line.add("partner_id", .many2one, "Partner", relation: "res.partner", related: "order_id.partner_id")
    line.add("currency_id", .many2one, "Currency", relation: "res.currency", related: "order_id.currency_id")
    line.add("company_id", .many2one, "Company", relation: "res.company", related: "order_id.company_id")
    line.add("date_order", .datetime, "Order Date", related: "order_id.date_order")
    add(line)

    var xmlid = ModelDefinition("ir.model.data", "Model Data")
    xmlid.defaultOrder = "module, model, name"
    xmlid.recName = "complete_name"
    xmlid.recNamesSearch = ["name"]
    xmlid.add("name", .char, "External Identifier", required: true)
    xmlid.add("complete_name", .char, "Complete ID", computed: true)
    xmlid.add("module", .char, "Module", required: true)
    xmlid.add("model", .char, "Model Name", required: true)
    xmlid.add("res_id", .integer, "Record ID")
    xmlid.add("noupdate", .boolean, "Non Updatable")
    add(xmlid)

    var irModel = ModelDefinition("ir.model", "Models")
    irModel.defaultOrder = "model"
    irModel.recNamesSearch = ["name", "model"]
    irModel.add("name", .char, "Model Description", required: true)
    irModel.add("model", .char, "Model", required: true)
    add(irModel)

    // Every model has the magic fields.
    for name in models.keys {
      guard var model = models[name] else { continue }
      var id = FieldDefinition("id", .integer, "ID")
      id.readonly = true
      model.add(id)
      model.add("display_name", .char, "Display Name", computed: true, store: false)
      if model.logsAccess {
        model.add("create_uid", .many2one, "Created by", readonly: true, relation: "res.users")
        model.add("create_date", .datetime, "Created on", readonly: true)
        model.add("write_uid", .many2one, "Last Updated by", readonly: true, relation: "res.users")
        model.add("write_date", .datetime, "Last Updated on", readonly: true)
      }
      models[name] = model
    }
    let orm = MethodSignature.ormMethods(version: version)
    for (name, model) in models {
      var table: [String: MethodSignature] = [:]
      for method in orm + model.extraMethods { table[method.name] = method }
      methodTables[name] = table
      for field in model.fields.values where field.type == .one2many && field.related == nil {
        if let relation = field.relation, let inverse = field.inverseName { indexedInverses.insert("\(relation).\(inverse)") }
      }
    }
  }

  private mutating func add(_ model: ModelDefinition) { models[model.name] = model }

  /// The purchase buttons, which differ in 19 (`button_lock` replaces `button_done`).
  static func workflowMethods(version: OdooVersion) -> [MethodSignature] {
    var methods = [
      MethodSignature("button_confirm", .records, mutates: true),
      MethodSignature("button_approve", .records, [.init("force", false)], mutates: true),
      MethodSignature("button_cancel", .records, mutates: true),
      MethodSignature("button_draft", .records, mutates: true),
      MethodSignature("button_unlock", .records, mutates: true),
      MethodSignature("print_quotation", .records, mutates: true),
      MethodSignature("action_rfq_send", .records),
    ]
    methods.append(MethodSignature(version.hasLockedFlag ? "button_lock" : "button_done", .records, mutates: true))
    return methods
  }

  /// The methods `model` answers to, by name.
  package func methods(of model: String) -> [String: MethodSignature] { methodTables[model] ?? [:] }
}
