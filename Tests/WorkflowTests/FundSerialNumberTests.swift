import Testing
import Workflow

@Suite("Fund serial number")
struct FundSerialNumberTests {
    @Test func wellFormedness() {
        #expect(FundSerialNumber.isWellFormed("FS2026112100001"))
        #expect(FundSerialNumber.isWellFormed("ab-1_2/3"))
        #expect(FundSerialNumber.isWellFormed(String(repeating: "A", count: 4)))
        #expect(FundSerialNumber.isWellFormed(String(repeating: "A", count: 40)))
        #expect(!FundSerialNumber.isWellFormed("ABC"))
        #expect(!FundSerialNumber.isWellFormed(String(repeating: "A", count: 41)))
        #expect(!FundSerialNumber.isWellFormed("FS 2026"))
        #expect(!FundSerialNumber.isWellFormed("FS.2026"))
        #expect(!FundSerialNumber.isWellFormed("资金2026"))
        #expect(!FundSerialNumber.isWellFormed("ＦＳ２０２６"))
    }

    @Test(arguments: [
        ("资金流水号:FS2026112100001 扶贫专项资金", "FS2026112100001"),
        ("资金流水号：FS2026112100001", "FS2026112100001"),
        ("资金流水号FS2026112100001到账", "FS2026112100001"),
        ("消费帮扶 流水号 FS2026111200005", "FS2026111200005"),
        ("汇票流水#HP20261118007", "HP20261118007"),
        ("Fund serial: AB-12/34_5", "AB-12/34_5"),
        ("fund serial #abcd", "abcd"),
        ("FS: 2026-0042 advance", "2026-0042"),
        ("ＦＳ２０２６１１２１００００１ 扶贫", "FS2026112100001"),
        ("银行流水号:20261121000999 资金流水号:FS2026112100001", "FS2026112100001"),
        ("FS2026110600003 扶贫车间设备款", "FS2026110600003"),
        ("2026-11-21 到账 FS2026110600003", "FS2026110600003"),
        ("资金流水号:FS1 但另有 XY20261121", "XY20261121"),
    ])
    func extractsSerial(remark: String, serial: String) {
        #expect(FundSerialNumber.extract(fromRemark: remark) == serial)
    }

    @Test(arguments: [
        "",
        "扶贫专项资金",
        "工资,社保",
        "FS2026110600003 与 FS2026110600004",
        "ABCDEFGHIJ 无数字",
        "编号 AB123 太短",
        "2026-11-21 到账",
        "资金流水号: 未填",
    ])
    func findsNoSerial(remark: String) {
        #expect(FundSerialNumber.extract(fromRemark: remark) == nil)
    }

    @Test func repeatedSameTokenIsStillOneSerial() {
        #expect(FundSerialNumber.extract(fromRemark: "FS2026110600003 / FS2026110600003") == "FS2026110600003")
    }
}
