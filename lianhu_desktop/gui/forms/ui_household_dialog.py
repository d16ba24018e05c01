# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'household_dialog.ui'
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
    QDialogButtonBox, QFormLayout, QGridLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QSizePolicy, QSpinBox, QVBoxLayout, QWidget)

class Ui_HouseholdDialog(object):
    def setupUi(self, HouseholdDialog):
        if not HouseholdDialog.objectName():
            HouseholdDialog.setObjectName(u"HouseholdDialog")
        HouseholdDialog.resize(560, 620)
        self.mainLayout = QVBoxLayout(HouseholdDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.formLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.villageLabel = QLabel(HouseholdDialog)
        self.villageLabel.setObjectName(u"villageLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.villageLabel)

        self.village = QComboBox(HouseholdDialog)
        self.village.setObjectName(u"village")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.village)

        self.gridLabel = QLabel(HouseholdDialog)
        self.gridLabel.setObjectName(u"gridLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.gridLabel)

        self.grid = QComboBox(HouseholdDialog)
        self.grid.setObjectName(u"grid")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.grid)

        self.doorNumberLabel = QLabel(HouseholdDialog)
        self.doorNumberLabel.setObjectName(u"doorNumberLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.doorNumberLabel)

        self.doorNumber = QLineEdit(HouseholdDialog)
        self.doorNumber.setObjectName(u"doorNumber")
        self.doorNumber.setMaxLength(40)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.doorNumber)

        self.headNameLabel = QLabel(HouseholdDialog)
        self.headNameLabel.setObjectName(u"headNameLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.headNameLabel)

        self.headName = QLineEdit(HouseholdDialog)
        self.headName.setObjectName(u"headName")
        self.headName.setMaxLength(30)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.headName)

        self.headIdLabel = QLabel(HouseholdDialog)
        self.headIdLabel.setObjectName(u"headIdLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.headIdLabel)

        self.headIdNumber = QLineEdit(HouseholdDialog)
        self.headIdNumber.setObjectName(u"headIdNumber")
        self.headIdNumber.setMaxLength(18)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.headIdNumber)

        self.phoneLabel = QLabel(HouseholdDialog)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.phoneLabel)

        self.phone = QLineEdit(HouseholdDialog)
        self.phone.setObjectName(u"phone")
        self.phone.setMaxLength(20)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.phone)

        self.addressLabel = QLabel(HouseholdDialog)
        self.addressLabel.setObjectName(u"addressLabel")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.addressLabel)

        self.address = QLineEdit(HouseholdDialog)
        self.address.setObjectName(u"address")
        self.address.setMaxLength(100)

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.address)

        self.sizeLabel = QLabel(HouseholdDialog)
        self.sizeLabel.setObjectName(u"sizeLabel")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.sizeLabel)

        self.size = QSpinBox(HouseholdDialog)
        self.size.setObjectName(u"size")
        self.size.setMinimum(1)
        self.size.setMaximum(50)

        self.formLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.size)

        self.tagsBox = QGroupBox(HouseholdDialog)
        self.tagsBox.setObjectName(u"tagsBox")
        self.tagsLayout = QVBoxLayout(self.tagsBox)
        self.tagsLayout.setObjectName(u"tagsLayout")
        self.tagGrid = QGridLayout()
        self.tagGrid.setObjectName(u"tagGrid")

        self.tagsLayout.addLayout(self.tagGrid)

        self.customTagRow = QHBoxLayout()
        self.customTagRow.setObjectName(u"customTagRow")
        self.customTagsLabel = QLabel(self.tagsBox)
        self.customTagsLabel.setObjectName(u"customTagsLabel")

        self.customTagRow.addWidget(self.customTagsLabel)

        self.customTags = QLineEdit(self.tagsBox)
        self.customTags.setObjectName(u"customTags")

        self.customTagRow.addWidget(self.customTags)


        self.tagsLayout.addLayout(self.customTagRow)


        self.formLayout.setWidget(8, QFormLayout.ItemRole.SpanningRole, self.tagsBox)

        self.workPlaceLabel = QLabel(HouseholdDialog)
        self.workPlaceLabel.setObjectName(u"workPlaceLabel")

        self.formLayout.setWidget(9, QFormLayout.ItemRole.LabelRole, self.workPlaceLabel)

        self.workPlace = QLineEdit(HouseholdDialog)
        self.workPlace.setObjectName(u"workPlace")
        self.workPlace.setMaxLength(50)

        self.formLayout.setWidget(9, QFormLayout.ItemRole.FieldRole, self.workPlace)

        self.associationLabel = QLabel(HouseholdDialog)
        self.associationLabel.setObjectName(u"associationLabel")

        self.formLayout.setWidget(10, QFormLayout.ItemRole.LabelRole, self.associationLabel)

        self.industryAssociation = QLineEdit(HouseholdDialog)
        self.industryAssociation.setObjectName(u"industryAssociation")
        self.industryAssociation.setMaxLength(50)

        self.formLayout.setWidget(10, QFormLayout.ItemRole.FieldRole, self.industryAssociation)

        self.notesLabel = QLabel(HouseholdDialog)
        self.notesLabel.setObjectName(u"notesLabel")

        self.formLayout.setWidget(11, QFormLayout.ItemRole.LabelRole, self.notesLabel)

        self.notes = QPlainTextEdit(HouseholdDialog)
        self.notes.setObjectName(u"notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumSize(QSize(0, 60))

        self.formLayout.setWidget(11, QFormLayout.ItemRole.FieldRole, self.notes)


        self.mainLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(HouseholdDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(HouseholdDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.villageLabel.setBuddy(self.village)
        self.gridLabel.setBuddy(self.grid)
        self.doorNumberLabel.setBuddy(self.doorNumber)
        self.headNameLabel.setBuddy(self.headName)
        self.headIdLabel.setBuddy(self.headIdNumber)
        self.phoneLabel.setBuddy(self.phone)
        self.addressLabel.setBuddy(self.address)
        self.sizeLabel.setBuddy(self.size)
        self.customTagsLabel.setBuddy(self.customTags)
        self.workPlaceLabel.setBuddy(self.workPlace)
        self.associationLabel.setBuddy(self.industryAssociation)
        self.notesLabel.setBuddy(self.notes)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.village, self.grid)
        QWidget.setTabOrder(self.grid, self.doorNumber)
        QWidget.setTabOrder(self.doorNumber, self.headName)
        QWidget.setTabOrder(self.headName, self.headIdNumber)
        QWidget.setTabOrder(self.headIdNumber, self.phone)
        QWidget.setTabOrder(self.phone, self.address)
        QWidget.setTabOrder(self.address, self.size)
        QWidget.setTabOrder(self.size, self.customTags)
        QWidget.setTabOrder(self.customTags, self.workPlace)
        QWidget.setTabOrder(self.workPlace, self.industryAssociation)
        QWidget.setTabOrder(self.industryAssociation, self.notes)

        self.retranslateUi(HouseholdDialog)

        QMetaObject.connectSlotsByName(HouseholdDialog)
    # setupUi

    def retranslateUi(self, HouseholdDialog):
        HouseholdDialog.setWindowTitle(QCoreApplication.translate("HouseholdDialog", u"\u519c\u6237\u4fe1\u606f", None))
        self.villageLabel.setText(QCoreApplication.translate("HouseholdDialog", u"\u6240\u5c5e\u6751(&V)\uff1a", None))
        self.gridLabel.setText(QCoreApplication.translate("HouseholdDialog", u"\u7f51\u683c(&G)\uff1a", None))
        self.doorNumberLabel.setText(QCoreApplication.translate("HouseholdDialog", u"\u95e8\u724c\u53f7(&D)\uff1a", None))
        self.doorNumber.setPlaceholderText(QCoreApplication.translate("HouseholdDialog", u"\u4f8b\u5982\uff1a3\u7ec415\u53f7", None))
        self.headNameLabel.setText(QCoreApplication.translate("HouseholdDialog", u"\u6237\u4e3b\u59d3\u540d(&N)\uff1a", None))
        self.headName.setPlaceholderText(QCoreApplication.translate("HouseholdDialog", u"\u5fc5\u586b", None))
        self.headIdLabel.setText(QCoreApplication.translate("HouseholdDialog", u"\u6237\u4e3b\u8eab\u4efd\u8bc1\u53f7(&I)\uff1a", None))
        self.headIdNumber.setPlaceholderText(QCoreApplication.translate("HouseholdDialog", u"18 \u4f4d\u516c\u6c11\u8eab\u4efd\u53f7\u7801\uff0c\u53ef\u4e0d\u586b", None))
        self.phoneLabel.setText(QCoreApplication.translate("HouseholdDialog", u"\u8054\u7cfb\u7535\u8bdd(&P)\uff1a", None))
        self.phone.setPlaceholderText(QCoreApplication.translate("HouseholdDialog", u"\u624b\u673a 11 \u4f4d\uff0c\u6216\u533a\u53f7-\u5ea7\u673a\u53f7", None))
        self.addressLabel.setText(QCoreApplication.translate("HouseholdDialog", u"\u4f4f\u5740(&A)\uff1a", None))
        self.sizeLabel.setText(QCoreApplication.translate("HouseholdDialog", u"\u4eba\u53e3\u6570(&S)\uff1a", None))
        self.size.setSuffix(QCoreApplication.translate("HouseholdDialog", u" \u4eba", None))
        self.tagsBox.setTitle(QCoreApplication.translate("HouseholdDialog", u"\u519c\u6237\u7c7b\u522b\uff08\u53ef\u591a\u9009\uff09", None))
        self.customTagsLabel.setText(QCoreApplication.translate("HouseholdDialog", u"\u5176\u4ed6\u7c7b\u522b(&O)\uff1a", None))
        self.customTags.setPlaceholderText(QCoreApplication.translate("HouseholdDialog", u"\u81ea\u5b9a\u4e49\u7c7b\u522b\uff0c\u591a\u4e2a\u7528\u201c\u3001\u201d\u5206\u9694", None))
        self.workPlaceLabel.setText(QCoreApplication.translate("HouseholdDialog", u"\u52a1\u5de5\u5730\u70b9(&W)\uff1a", None))
        self.workPlace.setPlaceholderText(QCoreApplication.translate("HouseholdDialog", u"\u5916\u51fa\u6237\u586b\u5199\u52a1\u5de5\u57ce\u5e02\uff0c\u5982\uff1a\u5e7f\u5dde", None))
        self.associationLabel.setText(QCoreApplication.translate("HouseholdDialog", u"\u4ea7\u4e1a\u534f\u4f1a(&H)\uff1a", None))
        self.industryAssociation.setPlaceholderText(QCoreApplication.translate("HouseholdDialog", u"\u4f8b\u5982\uff1a\u852c\u83dc\u79cd\u690d\u534f\u4f1a", None))
        self.notesLabel.setText(QCoreApplication.translate("HouseholdDialog", u"\u5907\u6ce8(&R)\uff1a", None))
        self.notes.setPlaceholderText(QCoreApplication.translate("HouseholdDialog", u"\u5907\u6ce8\uff08Ctrl+Enter \u4fdd\u5b58\uff09", None))
        self.errorLabel.setText("")
    # retranslateUi

