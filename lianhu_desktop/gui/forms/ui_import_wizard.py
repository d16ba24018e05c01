# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'import_wizard.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox,
    QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QPlainTextEdit, QProgressBar,
    QPushButton, QRadioButton, QSizePolicy, QSpacerItem,
    QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget, QWizard)

from lianhu_desktop.gui.wizard_page import GuardedPage

class Ui_ImportWizard(object):
    def setupUi(self, ImportWizard):
        if not ImportWizard.objectName():
            ImportWizard.setObjectName(u"ImportWizard")
        ImportWizard.resize(920, 640)
        ImportWizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        ImportWizard.setOptions(QWizard.WizardOption.NoBackButtonOnStartPage|QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.filePage = GuardedPage()
        self.filePage.setObjectName(u"filePage")
        self.fileLayout = QVBoxLayout(self.filePage)
        self.fileLayout.setObjectName(u"fileLayout")
        self.fileForm = QFormLayout()
        self.fileForm.setObjectName(u"fileForm")
        self.fileForm.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.pathLabel = QLabel(self.filePage)
        self.pathLabel.setObjectName(u"pathLabel")

        self.fileForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.pathLabel)

        self.pathRow = QHBoxLayout()
        self.pathRow.setObjectName(u"pathRow")
        self.path = QLineEdit(self.filePage)
        self.path.setObjectName(u"path")

        self.pathRow.addWidget(self.path)

        self.browseButton = QPushButton(self.filePage)
        self.browseButton.setObjectName(u"browseButton")

        self.pathRow.addWidget(self.browseButton)


        self.fileForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.pathRow)

        self.sheetLabel = QLabel(self.filePage)
        self.sheetLabel.setObjectName(u"sheetLabel")

        self.fileForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.sheetLabel)

        self.sheet = QComboBox(self.filePage)
        self.sheet.setObjectName(u"sheet")

        self.fileForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.sheet)

        self.kindLabel = QLabel(self.filePage)
        self.kindLabel.setObjectName(u"kindLabel")

        self.fileForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kind = QComboBox(self.filePage)
        self.kind.setObjectName(u"kind")

        self.fileForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.kind)

        self.villageLabel = QLabel(self.filePage)
        self.villageLabel.setObjectName(u"villageLabel")

        self.fileForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.villageLabel)

        self.village = QComboBox(self.filePage)
        self.village.setObjectName(u"village")

        self.fileForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.village)


        self.fileLayout.addLayout(self.fileForm)

        self.fileError = QLabel(self.filePage)
        self.fileError.setObjectName(u"fileError")
        self.fileError.setWordWrap(True)
        self.fileError.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.fileLayout.addWidget(self.fileError)

        self.fileHint = QLabel(self.filePage)
        self.fileHint.setObjectName(u"fileHint")
        self.fileHint.setWordWrap(True)

        self.fileLayout.addWidget(self.fileHint)

        self.fileSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.fileLayout.addItem(self.fileSpacer)

        ImportWizard.addPage(self.filePage)
        self.mappingPage = GuardedPage()
        self.mappingPage.setObjectName(u"mappingPage")
        self.mappingLayout = QVBoxLayout(self.mappingPage)
        self.mappingLayout.setObjectName(u"mappingLayout")
        self.headerInfo = QLabel(self.mappingPage)
        self.headerInfo.setObjectName(u"headerInfo")
        self.headerInfo.setWordWrap(True)

        self.mappingLayout.addWidget(self.headerInfo)

        self.mappingTable = QTableWidget(self.mappingPage)
        self.mappingTable.setObjectName(u"mappingTable")
        self.mappingTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mappingTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.mappingTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)

        self.mappingLayout.addWidget(self.mappingTable)

        self.mappingError = QLabel(self.mappingPage)
        self.mappingError.setObjectName(u"mappingError")
        self.mappingError.setWordWrap(True)

        self.mappingLayout.addWidget(self.mappingError)

        self.previewLabel = QLabel(self.mappingPage)
        self.previewLabel.setObjectName(u"previewLabel")

        self.mappingLayout.addWidget(self.previewLabel)

        self.previewTable = QTableWidget(self.mappingPage)
        self.previewTable.setObjectName(u"previewTable")
        self.previewTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        self.mappingLayout.addWidget(self.previewTable)

        self.mappingLayout.setStretch(1, 3)
        self.mappingLayout.setStretch(4, 2)
        ImportWizard.addPage(self.mappingPage)
        self.checkPage = GuardedPage()
        self.checkPage.setObjectName(u"checkPage")
        self.checkLayout = QVBoxLayout(self.checkPage)
        self.checkLayout.setObjectName(u"checkLayout")
        self.counts = QLabel(self.checkPage)
        self.counts.setObjectName(u"counts")
        self.counts.setWordWrap(True)

        self.checkLayout.addWidget(self.counts)

        self.rejections = QTableView(self.checkPage)
        self.rejections.setObjectName(u"rejections")
        self.rejections.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejections.setAlternatingRowColors(True)
        self.rejections.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rejections.setWordWrap(True)

        self.checkLayout.addWidget(self.rejections)

        self.createBox = QGroupBox(self.checkPage)
        self.createBox.setObjectName(u"createBox")
        self.createLayout = QVBoxLayout(self.createBox)
        self.createLayout.setObjectName(u"createLayout")
        self.createList = QLabel(self.createBox)
        self.createList.setObjectName(u"createList")
        self.createList.setWordWrap(True)

        self.createLayout.addWidget(self.createList)

        self.createCheck = QCheckBox(self.createBox)
        self.createCheck.setObjectName(u"createCheck")

        self.createLayout.addWidget(self.createCheck)


        self.checkLayout.addWidget(self.createBox)

        self.optionsBox = QGroupBox(self.checkPage)
        self.optionsBox.setObjectName(u"optionsBox")
        self.optionsLayout = QHBoxLayout(self.optionsBox)
        self.optionsLayout.setObjectName(u"optionsLayout")
        self.allOrNothing = QRadioButton(self.optionsBox)
        self.allOrNothing.setObjectName(u"allOrNothing")
        self.allOrNothing.setChecked(True)

        self.optionsLayout.addWidget(self.allOrNothing)

        self.skipInvalid = QRadioButton(self.optionsBox)
        self.skipInvalid.setObjectName(u"skipInvalid")

        self.optionsLayout.addWidget(self.skipInvalid)

        self.optionsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.optionsLayout.addItem(self.optionsSpacer)

        self.saveErrorsButton = QPushButton(self.optionsBox)
        self.saveErrorsButton.setObjectName(u"saveErrorsButton")

        self.optionsLayout.addWidget(self.saveErrorsButton)


        self.checkLayout.addWidget(self.optionsBox)

        self.checkHint = QLabel(self.checkPage)
        self.checkHint.setObjectName(u"checkHint")
        self.checkHint.setWordWrap(True)

        self.checkLayout.addWidget(self.checkHint)

        ImportWizard.addPage(self.checkPage)
        self.importPage = GuardedPage()
        self.importPage.setObjectName(u"importPage")
        self.importLayout = QVBoxLayout(self.importPage)
        self.importLayout.setObjectName(u"importLayout")
        self.importStatus = QLabel(self.importPage)
        self.importStatus.setObjectName(u"importStatus")
        self.importStatus.setWordWrap(True)

        self.importLayout.addWidget(self.importStatus)

        self.progressRow = QHBoxLayout()
        self.progressRow.setObjectName(u"progressRow")
        self.progress = QProgressBar(self.importPage)
        self.progress.setObjectName(u"progress")
        self.progress.setValue(0)

        self.progressRow.addWidget(self.progress)

        self.cancelButton = QPushButton(self.importPage)
        self.cancelButton.setObjectName(u"cancelButton")

        self.progressRow.addWidget(self.cancelButton)


        self.importLayout.addLayout(self.progressRow)

        self.summary = QPlainTextEdit(self.importPage)
        self.summary.setObjectName(u"summary")
        self.summary.setReadOnly(True)

        self.importLayout.addWidget(self.summary)

        ImportWizard.addPage(self.importPage)
#if QT_CONFIG(shortcut)
        self.pathLabel.setBuddy(self.path)
        self.sheetLabel.setBuddy(self.sheet)
        self.kindLabel.setBuddy(self.kind)
        self.villageLabel.setBuddy(self.village)
        self.previewLabel.setBuddy(self.previewTable)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.path, self.browseButton)
        QWidget.setTabOrder(self.browseButton, self.sheet)
        QWidget.setTabOrder(self.sheet, self.kind)
        QWidget.setTabOrder(self.kind, self.village)
        QWidget.setTabOrder(self.village, self.mappingTable)
        QWidget.setTabOrder(self.mappingTable, self.previewTable)
        QWidget.setTabOrder(self.previewTable, self.rejections)
        QWidget.setTabOrder(self.rejections, self.createCheck)
        QWidget.setTabOrder(self.createCheck, self.allOrNothing)
        QWidget.setTabOrder(self.allOrNothing, self.skipInvalid)
        QWidget.setTabOrder(self.skipInvalid, self.saveErrorsButton)
        QWidget.setTabOrder(self.saveErrorsButton, self.cancelButton)
        QWidget.setTabOrder(self.cancelButton, self.summary)

        self.retranslateUi(ImportWizard)

        QMetaObject.connectSlotsByName(ImportWizard)
    # setupUi

    def retranslateUi(self, ImportWizard):
        ImportWizard.setWindowTitle(QCoreApplication.translate("ImportWizard", u"\u4ece Excel \u5bfc\u5165", None))
        self.filePage.setTitle(QCoreApplication.translate("ImportWizard", u"\u7b2c 1 \u6b65\uff1a\u9009\u62e9\u6587\u4ef6", None))
        self.filePage.setSubTitle(QCoreApplication.translate("ImportWizard", u"\u9009\u62e9\u8981\u5bfc\u5165\u7684 Excel \u6587\u4ef6\uff08.xlsx\uff09\u548c\u5176\u4e2d\u7684\u5de5\u4f5c\u8868\u3002\u8868\u5934\u53ef\u4ee5\u5728\u524d 15 \u884c\u4e2d\u7684\u4efb\u610f\u4e00\u884c\u3002", None))
        self.pathLabel.setText(QCoreApplication.translate("ImportWizard", u"\u6587\u4ef6(&F)\uff1a", None))
        self.path.setPlaceholderText(QCoreApplication.translate("ImportWizard", u"\u70b9\u201c\u6d4f\u89c8\u201d\u9009\u62e9\u6587\u4ef6\uff0c\u6216\u7c98\u8d34\u6587\u4ef6\u8def\u5f84", None))
        self.browseButton.setText(QCoreApplication.translate("ImportWizard", u"\u6d4f\u89c8(&B)\u2026", None))
        self.sheetLabel.setText(QCoreApplication.translate("ImportWizard", u"\u5de5\u4f5c\u8868(&S)\uff1a", None))
        self.kindLabel.setText(QCoreApplication.translate("ImportWizard", u"\u8868\u683c\u5185\u5bb9(&K)\uff1a", None))
        self.villageLabel.setText(QCoreApplication.translate("ImportWizard", u"\u5bfc\u5165\u5230(&V)\uff1a", None))
        self.fileHint.setText(QCoreApplication.translate("ImportWizard", u"\u63d0\u793a\uff1a\u53ef\u5148\u5728\u201c\u5bfc\u51fa \u2192 \u4e0b\u8f7d\u5bfc\u5165\u6a21\u677f\u201d\u4e2d\u53d6\u5f97\u6a21\u677f\uff1b\u5404\u6751\u81ea\u5df1\u7684\u8868\u683c\u4e5f\u80fd\u5bfc\u5165\uff0c\u7a0b\u5e8f\u4f1a\u6309\u8868\u5934\u8bc6\u522b\u5404\u5217\uff0c\u4e0b\u4e00\u6b65\u53ef\u4ee5\u6539\u6b63\u3002", None))
        self.mappingPage.setTitle(QCoreApplication.translate("ImportWizard", u"\u7b2c 2 \u6b65\uff1a\u6838\u5bf9\u5404\u5217", None))
        self.mappingPage.setSubTitle(QCoreApplication.translate("ImportWizard", u"\u7a0b\u5e8f\u6309\u8868\u5934\u8ba4\u51fa\u4e86\u4e0b\u5217\u5404\u5217\u3002\u8ba4\u9519\u6216\u6ca1\u8ba4\u51fa\u7684\uff0c\u8bf7\u5728\u201c\u5bfc\u5165\u4e3a\u201d\u4e00\u680f\u4e2d\u6539\u6b63\uff1b\u4e0d\u8ba4\u8bc6\u7684\u5217\u8bb0\u5165\u5907\u6ce8\u3002", None))
        self.previewLabel.setText(QCoreApplication.translate("ImportWizard", u"\u8868\u4e2d\u524d\u51e0\u884c\uff08\u884c\u53f7\u4e0e Excel \u4e00\u81f4\uff09\uff1a", None))
        self.checkPage.setTitle(QCoreApplication.translate("ImportWizard", u"\u7b2c 3 \u6b65\uff1a\u68c0\u67e5\u7ed3\u679c", None))
        self.checkPage.setSubTitle(QCoreApplication.translate("ImportWizard", u"\u6bcf\u4e00\u884c\u90fd\u5df2\u6309\u89c4\u5219\u68c0\u67e5\u8fc7\uff0c\u6570\u636e\u5e93\u8fd8\u6ca1\u6709\u4efb\u4f55\u6539\u52a8\u3002", None))
        self.createBox.setTitle(QCoreApplication.translate("ImportWizard", u"\u672c\u6751\u8fd8\u6ca1\u6709\u3001\u5bfc\u5165\u65f6\u8981\u65b0\u5efa\u7684", None))
        self.createCheck.setText(QCoreApplication.translate("ImportWizard", u"\u540c\u610f\u65b0\u5efa\u4ee5\u4e0a\u5404\u9879(&C)", None))
        self.optionsBox.setTitle(QCoreApplication.translate("ImportWizard", u"\u6709\u95ee\u9898\u7684\u884c\u600e\u4e48\u529e", None))
        self.allOrNothing.setText(QCoreApplication.translate("ImportWizard", u"\u5168\u90e8\u6b63\u786e\u624d\u5bfc\u5165(&A)", None))
        self.skipInvalid.setText(QCoreApplication.translate("ImportWizard", u"\u53ea\u5bfc\u5165\u6709\u6548\u884c(&O)", None))
        self.saveErrorsButton.setText(QCoreApplication.translate("ImportWizard", u"\u4fdd\u5b58\u95ee\u9898\u884c\u5230 Excel(&S)\u2026", None))
        self.importPage.setTitle(QCoreApplication.translate("ImportWizard", u"\u7b2c 4 \u6b65\uff1a\u5bfc\u5165", None))
        self.importPage.setSubTitle(QCoreApplication.translate("ImportWizard", u"\u6240\u6709\u6539\u52a8\u5728\u4e00\u6b21\u4e8b\u52a1\u4e2d\u5199\u5165\uff1a\u4e2d\u9014\u53d6\u6d88\u6216\u51fa\u9519\uff0c\u6570\u636e\u5e93\u4fdd\u6301\u5bfc\u5165\u524d\u7684\u6837\u5b50\u3002", None))
        self.cancelButton.setText(QCoreApplication.translate("ImportWizard", u"\u53d6\u6d88\u5bfc\u5165", None))
    # retranslateUi

