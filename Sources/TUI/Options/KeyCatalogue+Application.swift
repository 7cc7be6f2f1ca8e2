extension KeyCatalogue {
    /// The application's key tables: what a keys file may rebind. A new screen's table is
    /// added here, with the tables active on the same screen.
    public static var application: KeyCatalogue {
        KeyCatalogue(tables: [
            Shell.keyTable.catalogue(),
            SignInScreen.keyTable.catalogue(activeWith: ["list"]),
            InboxScreen.keyTable.catalogue(activeWith: ["list"]),
            ListView.keyTable.catalogue(),
            WelcomeScreen.keyTable.catalogue(),
            ApplicationFormScreen.keyTable.catalogue(activeWith: ["form"], takesText: true),
            Form.keyTable.catalogue(activeWith: ["applicationForm"], takesText: true),
            DecisionScreen.keyTable.catalogue(activeWith: ["planEditor"], takesText: true),
            Dialog.keyTable.catalogue(),
            ReconciliationScreen.keyTable.catalogue(activeWith: ["list"]),
            ReconciliationClassScreen.keyTable.catalogue(activeWith: ["list"]),
            StatementImportScreen.keyTable.catalogue(takesText: true),
            NodeStatusScreen.keyTable.catalogue(activeWith: ["list"]),
            BlockDetailScreen.keyTable.catalogue(activeWith: ["list"]),
            PrimaryExplanationScreen.keyTable.catalogue(),
            DocumentsScreen.keyTable.catalogue(takesText: true),
            TranchesScreen.keyTable.catalogue(activeWith: ["list"]),
            PaymentScreen.keyTable.catalogue(takesText: true),
            ReversalScreen.keyTable.catalogue(takesText: true),
            PlanEditor.keyTable.catalogue(takesText: true),
            OpinionScreen.keyTable.catalogue(takesText: true),
            StageReportScreen.keyTable.catalogue(activeWith: ["planEditor"], takesText: true),
            DraftScreen.keyTable.catalogue(activeWith: ["list"]),
        ])
    }
}
