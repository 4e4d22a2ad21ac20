import Testing

@testable import OdooKit

@Suite struct OdooErrorTests {
  @Test(arguments: [
    (OdooError.Code.transport(curlCode: 7, detail: "refused"), true), (.timeout, true), (.poolExhausted, true),
    (.httpStatus(502), true), (.httpStatus(503), true), (.httpStatus(429), true), (.httpStatus(404), false),
    (.httpStatus(400), false), (.accessDenied, false), (.accessError, false), (.recordMissing, false),
    (.userError(exceptionName: "odoo.exceptions.UserError"), false), (.sessionExpired, true),
    (.serverError(exceptionName: "builtins.ValueError"), false),
    (.serverError(exceptionName: "psycopg2.errors.SerializationFailure"), true), (.malformedReply("html"), true),
    (.breakerOpen(retryIn: .seconds(3)), true),
  ])
  func retryVerdict(code: OdooError.Code, retryable: Bool) {
    #expect(OdooError(code: code, method: "purchase.order/write").isRetryable == retryable)
  }

  @Test func description_namesTheCall_andOdoosMessage() {
    let error = OdooError(
      code: .userError(exceptionName: "odoo.exceptions.UserError"), method: "purchase.order/button_cancel",
      remoteMessage: "Unable to cancel this purchase order.")
    #expect(error.description == "purchase.order/button_cancel: Odoo refused the change: Unable to cancel this purchase order.")
  }

  @Test func redacting_removesEverySecret() {
    let text = "login admin with s3cr3t-pass failed; key 0123456789abcdef0123456789abcdef01234567"
    let redacted = OdooError.redacting(text, secrets: ["s3cr3t-pass", "0123456789abcdef0123456789abcdef01234567", ""])
    #expect(redacted == "login admin with *** failed; key ***")
  }
}
