import Workflow

/// Drawing the shell: the frame around the current screen, or the too-small notice.
extension Shell {
    /// Draws everything into `buffer`, which has the terminal's size.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        guard buffer.columns >= Self.minimumColumns, buffer.rows >= Self.minimumRows else {
            renderTooSmall(into: &buffer)
            return
        }
        let screen = stack[stack.count - 1]
        header.render(into: &buffer, row: 0, language: l)
        let trail = stack.map { $0.breadcrumb(l) }.joined(separator: " › ")
        buffer.write(DisplayWidth.truncate(trail, toColumns: buffer.columns - 2), row: 1, column: 1, style: .bold)
        var area = ScreenBuffer(columns: buffer.columns, rows: buffer.rows - Self.frameRows)
        if isShowingHelp {
            HelpView.render(keyHelp, title: screen.breadcrumb(l), into: &area, language: l)
        } else {
            screen.render(into: &area)
        }
        buffer.paste(area, row: 2, column: 0)
        if let message = readProblem ?? screen.message, !message(l).isEmpty {
            buffer.write(DisplayWidth.truncate(message(l), toColumns: buffer.columns - 2), row: buffer.rows - 2, column: 1, style: .bold)
        }
        buffer.fillRow(buffer.rows - 1, style: .reverse)
        if showsHints {
            let hints = KeyHelp.hintBar(keyHelp, l, columns: buffer.columns - 2)
            buffer.write(DisplayWidth.truncate(hints, toColumns: buffer.columns - 2), row: buffer.rows - 1, column: 1, style: .reverse)
        }
        if let dialog {
            dialog.render(into: &buffer, language: l)
            buffer.cursor = nil
        }
    }

    private func renderTooSmall(into buffer: inout ScreenBuffer) {
        let l = language
        let size = "\(buffer.columns)x\(buffer.rows)"
        buffer.write(l.pick("终端太小：至少需要 80x24（当前 \(size)）", "Terminal too small: 80x24 needed (now \(size))"),
                     row: 0, column: 0, style: .bold)
        buffer.write(l.pick("请放大窗口，或按 Ctrl-C 退出", "Enlarge the window, or press Ctrl-C to quit"), row: 1, column: 0)
        buffer.cursor = nil
    }
}
