import FarmacyDomain
import Foundation

/// A fixed instant for tests: 2026-03-14 09:26:53 UTC.
package let testNow = Date(timeIntervalSince1970: 1_773_480_413)

extension Vendor {
  package static func fixture(id: Vendor.ID = 1, name: String = "Northbridge Veterinary Supply Ltd") -> Vendor {
    Vendor(id: id, name: name, kind: .wholesaler, currency: .eur)
  }
}

extension Product {
  package static func fixture(
    id: Product.ID = 1, code: String = "TAB-00001", name: String = "Carprofen 50 mg", controlled: Bool = false,
    priceMinor: Int64 = 2_450
  ) -> Product {
    Product(
      id: id, code: code, name: name, form: .tablet, unit: "Box of 100", standardPriceMinor: priceMinor,
      taxRate: Percentage(percent: 10), isControlled: controlled)
  }
}

extension OrderLine {
  package static func fixture(
    id: UUID = UUID(), productID: Product.ID? = 1, code: String = "TAB-00001", quantity: Quantity = 2,
    unitPriceMinor: Int64 = 1_000, discount: Percentage = .zero, taxRate: Percentage = .zero, controlled: Bool = false
  ) -> OrderLine {
    OrderLine(
      id: id, productID: productID, productCode: code, description: "[\(code)] test product", quantity: quantity,
      unit: "Units", unitPriceMinor: unitPriceMinor, discount: discount, taxRate: taxRate, isControlled: controlled)
  }
}

extension PurchaseOrder {
  package static func fixture(
    id: UUID = UUID(), odooID: Int? = nil, reference: String = "", vendorID: Vendor.ID? = 1,
    vendorName: String = "Northbridge Veterinary Supply Ltd", state: OrderState = .draft,
    lines: [OrderLine] = [.fixture()], dateOrder: Date = testNow
  ) -> PurchaseOrder {
    PurchaseOrder(
      id: id, odooID: odooID, reference: reference, vendorID: vendorID, vendorName: vendorName, state: state,
      currency: .eur, dateOrder: dateOrder, lines: lines)
  }
}
