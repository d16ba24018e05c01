# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'print_settings_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy,
    QVBoxLayout, QWidget)

class Ui_PrintSettingsDialog(object):
    def setupUi(self, PrintSettingsDialog):
        if not PrintSettingsDialog.objectName():
            PrintSettingsDialog.setObjectName(u"PrintSettingsDialog")
        PrintSettingsDialog.resize(560, 600)
        self.mainLayout = QVBoxLayout(PrintSettingsDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)
        self.villageLabel = QLabel(PrintSettingsDialog)
        self.villageLabel.setObjectName(u"villageLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.villageLabel)

        self.villageCombo = QComboBox(PrintSettingsDialog)
        self.villageCombo.setObjectName(u"villageCombo")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.villageCombo)

        self.titleLabel = QLabel(PrintSettingsDialog)
        self.titleLabel.setObjectName(u"titleLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.titleLabel)

        self.plateTitle = QLineEdit(PrintSettingsDialog)
        self.plateTitle.setObjectName(u"plateTitle")
        self.plateTitle.setMaxLength(20)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.plateTitle)

        self.itemsLabel = QLabel(PrintSettingsDialog)
        self.itemsLabel.setObjectName(u"itemsLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.itemsLabel)

        self.itemsLayout = QVBoxLayout()
        self.itemsLayout.setObjectName(u"itemsLayout")
        self.serviceItems = QPlainTextEdit(PrintSettingsDialog)
        self.serviceItems.setObjectName(u"serviceItems")
        self.serviceItems.setTabChangesFocus(True)

        self.itemsLayout.addWidget(self.serviceItems)

        self.itemsHint = QLabel(PrintSettingsDialog)
        self.itemsHint.setObjectName(u"itemsHint")
        self.itemsHint.setWordWrap(True)

        self.itemsLayout.addWidget(self.itemsHint)


        self.formLayout.setLayout(2, QFormLayout.ItemRole.FieldRole, self.itemsLayout)

        self.numbersLabel = QLabel(PrintSettingsDialog)
        self.numbersLabel.setObjectName(u"numbersLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.numbersLabel)

        self.numbersLayout = QVBoxLayout()
        self.numbersLayout.setObjectName(u"numbersLayout")
        self.usefulNumbers = QPlainTextEdit(PrintSettingsDialog)
        self.usefulNumbers.setObjectName(u"usefulNumbers")
        self.usefulNumbers.setTabChangesFocus(True)

        self.numbersLayout.addWidget(self.usefulNumbers)

        self.numbersHint = QLabel(PrintSettingsDialog)
        self.numbersHint.setObjectName(u"numbersHint")
        self.numbersHint.setWordWrap(True)

        self.numbersLayout.addWidget(self.numbersHint)


        self.formLayout.setLayout(3, QFormLayout.ItemRole.FieldRole, self.numbersLayout)


        self.mainLayout.addLayout(self.formLayout)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.defaultsButton = QPushButton(PrintSettingsDialog)
        self.defaultsButton.setObjectName(u"defaultsButton")
        self.defaultsButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.defaultsButton)

        self.buttonBox = QDialogButtonBox(PrintSettingsDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.buttonLayout.addWidget(self.buttonBox)


        self.mainLayout.addLayout(self.buttonLayout)

#if QT_CONFIG(shortcut)
        self.villageLabel.setBuddy(self.villageCombo)
        self.titleLabel.setBuddy(self.plateTitle)
        self.itemsLabel.setBuddy(self.serviceItems)
        self.numbersLabel.setBuddy(self.usefulNumbers)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.villageCombo, self.plateTitle)
        QWidget.setTabOrder(self.plateTitle, self.serviceItems)
        QWidget.setTabOrder(self.serviceItems, self.usefulNumbers)
        QWidget.setTabOrder(self.usefulNumbers, self.defaultsButton)

        self.retranslateUi(PrintSettingsDialog)
        self.buttonBox.rejected.connect(PrintSettingsDialog.reject)

        QMetaObject.connectSlotsByName(PrintSettingsDialog)
    # setupUi

    def retranslateUi(self, PrintSettingsDialog):
        PrintSettingsDialog.setWindowTitle(QCoreApplication.translate("PrintSettingsDialog", u"\u6253\u5370\u8bbe\u7f6e", None))
        self.villageLabel.setText(QCoreApplication.translate("PrintSettingsDialog", u"\u9002\u7528\u4e8e(&V)\uff1a", None))
#if QT_CONFIG(tooltip)
        self.villageCombo.setToolTip(QCoreApplication.translate("PrintSettingsDialog", u"\u6bcf\u4e2a\u6751\u53ef\u4ee5\u6709\u81ea\u5df1\u7684\u8bbe\u7f6e\uff1b\u201c\u6240\u6709\u6751\uff08\u9ed8\u8ba4\uff09\u201d\u7528\u4e8e\u6ca1\u6709\u5355\u72ec\u8bbe\u7f6e\u7684\u6751", None))
#endif // QT_CONFIG(tooltip)
        self.titleLabel.setText(QCoreApplication.translate("PrintSettingsDialog", u"\u8054\u6237\u724c\u6807\u9898(&T)\uff1a", None))
        self.plateTitle.setPlaceholderText(QCoreApplication.translate("PrintSettingsDialog", u"\u515a\u5458\u8054\u6237\u5de5\u4f5c\u724c", None))
        self.itemsLabel.setText(QCoreApplication.translate("PrintSettingsDialog", u"\u670d\u52a1\u4e8b\u9879(&I)\uff1a", None))
        self.serviceItems.setPlaceholderText(QCoreApplication.translate("PrintSettingsDialog", u"\u6bcf\u884c\u4e00\u9879\uff0c\u6700\u591a 16 \u9879\uff1b\u7559\u7a7a\u5219\u5370\u201c\u516b\u4e2a\u5230\u4f4d\u201d", None))
        self.itemsHint.setText(QCoreApplication.translate("PrintSettingsDialog", u"\u5370\u5728\u8054\u6237\u724c\u548c\u515a\u5458\u540d\u7247\u4e0a\u3002\u6bcf\u884c\u4e00\u9879\uff0c\u6700\u591a 16 \u9879\u3002", None))
        self.numbersLabel.setText(QCoreApplication.translate("PrintSettingsDialog", u"\u5e38\u7528\u7535\u8bdd(&N)\uff1a", None))
        self.usefulNumbers.setPlaceholderText(QCoreApplication.translate("PrintSettingsDialog", u"\u6bcf\u884c\u4e00\u4e2a\uff1a\u540d\u79f0 \u53f7\u7801\uff0c\u4f8b\u5982\uff1a\u6751\u59d4\u4f1a 0938-1234567", None))
        self.numbersHint.setText(QCoreApplication.translate("PrintSettingsDialog", u"\u5370\u5728\u8054\u7cfb\u624b\u518c\u7684\u201c\u5e38\u7528\u7535\u8bdd\u201d\u9875\u3002\u6bcf\u884c\u4e00\u4e2a\uff1a\u540d\u79f0\u3001\u7a7a\u683c\u3001\u53f7\u7801\u3002", None))
        self.defaultsButton.setText(QCoreApplication.translate("PrintSettingsDialog", u"\u6062\u590d\u9ed8\u8ba4(&D)", None))
    # retranslateUi

