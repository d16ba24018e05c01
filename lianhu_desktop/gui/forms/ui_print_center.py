# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'print_center.ui'
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDialog,
    QFormLayout, QGridLayout, QGroupBox, QHBoxLayout,
    QLabel, QPushButton, QRadioButton, QSizePolicy,
    QSpacerItem, QSpinBox, QVBoxLayout, QWidget)

class Ui_PrintCenter(object):
    def setupUi(self, PrintCenter):
        if not PrintCenter.objectName():
            PrintCenter.setObjectName(u"PrintCenter")
        PrintCenter.resize(1120, 760)
        self.mainLayout = QHBoxLayout(PrintCenter)
        self.mainLayout.setObjectName(u"mainLayout")
        self.optionsPanel = QWidget(PrintCenter)
        self.optionsPanel.setObjectName(u"optionsPanel")
        self.optionsPanel.setMinimumSize(QSize(380, 0))
        self.optionsPanel.setMaximumSize(QSize(380, 16777215))
        self.optionsLayout = QVBoxLayout(self.optionsPanel)
        self.optionsLayout.setObjectName(u"optionsLayout")
        self.optionsLayout.setContentsMargins(0, 0, 0, 0)
        self.documentBox = QGroupBox(self.optionsPanel)
        self.documentBox.setObjectName(u"documentBox")
        self.documentForm = QFormLayout(self.documentBox)
        self.documentForm.setObjectName(u"documentForm")
        self.documentForm.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.kindLabel = QLabel(self.documentBox)
        self.kindLabel.setObjectName(u"kindLabel")

        self.documentForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindCombo = QComboBox(self.documentBox)
        self.kindCombo.setObjectName(u"kindCombo")
        self.kindCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kindCombo.setMinimumContentsLength(8)

        self.documentForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.layoutLabel = QLabel(self.documentBox)
        self.layoutLabel.setObjectName(u"layoutLabel")

        self.documentForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.layoutLabel)

        self.layoutCombo = QComboBox(self.documentBox)
        self.layoutCombo.setObjectName(u"layoutCombo")
        self.layoutCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.layoutCombo.setMinimumContentsLength(8)

        self.documentForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.layoutCombo)


        self.optionsLayout.addWidget(self.documentBox)

        self.scopeBox = QGroupBox(self.optionsPanel)
        self.scopeBox.setObjectName(u"scopeBox")
        self.scopeLayout = QGridLayout(self.scopeBox)
        self.scopeLayout.setObjectName(u"scopeLayout")
        self.villageLabel = QLabel(self.scopeBox)
        self.villageLabel.setObjectName(u"villageLabel")

        self.scopeLayout.addWidget(self.villageLabel, 0, 0, 1, 1)

        self.villageCombo = QComboBox(self.scopeBox)
        self.villageCombo.setObjectName(u"villageCombo")
        self.villageCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.villageCombo.setMinimumContentsLength(8)

        self.scopeLayout.addWidget(self.villageCombo, 0, 1, 1, 1)

        self.scopeVillage = QRadioButton(self.scopeBox)
        self.scopeVillage.setObjectName(u"scopeVillage")
        self.scopeVillage.setChecked(True)

        self.scopeLayout.addWidget(self.scopeVillage, 1, 0, 1, 2)

        self.scopeGrid = QRadioButton(self.scopeBox)
        self.scopeGrid.setObjectName(u"scopeGrid")

        self.scopeLayout.addWidget(self.scopeGrid, 2, 0, 1, 1)

        self.gridCombo = QComboBox(self.scopeBox)
        self.gridCombo.setObjectName(u"gridCombo")
        self.gridCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.gridCombo.setMinimumContentsLength(8)

        self.scopeLayout.addWidget(self.gridCombo, 2, 1, 1, 1)

        self.scopeMember = QRadioButton(self.scopeBox)
        self.scopeMember.setObjectName(u"scopeMember")

        self.scopeLayout.addWidget(self.scopeMember, 3, 0, 1, 1)

        self.memberCombo = QComboBox(self.scopeBox)
        self.memberCombo.setObjectName(u"memberCombo")
        self.memberCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.memberCombo.setMinimumContentsLength(8)

        self.scopeLayout.addWidget(self.memberCombo, 3, 1, 1, 1)

        self.scopeHousehold = QRadioButton(self.scopeBox)
        self.scopeHousehold.setObjectName(u"scopeHousehold")

        self.scopeLayout.addWidget(self.scopeHousehold, 4, 0, 1, 1)

        self.householdCombo = QComboBox(self.scopeBox)
        self.householdCombo.setObjectName(u"householdCombo")
        self.householdCombo.setEditable(True)
        self.householdCombo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.householdCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.householdCombo.setMinimumContentsLength(8)

        self.scopeLayout.addWidget(self.householdCombo, 4, 1, 1, 1)

        self.changedOnly = QCheckBox(self.scopeBox)
        self.changedOnly.setObjectName(u"changedOnly")

        self.scopeLayout.addWidget(self.changedOnly, 5, 0, 1, 2)

        self.yearLabel = QLabel(self.scopeBox)
        self.yearLabel.setObjectName(u"yearLabel")

        self.scopeLayout.addWidget(self.yearLabel, 6, 0, 1, 1)

        self.yearSpin = QSpinBox(self.scopeBox)
        self.yearSpin.setObjectName(u"yearSpin")
        self.yearSpin.setMinimum(2000)
        self.yearSpin.setMaximum(2100)

        self.scopeLayout.addWidget(self.yearSpin, 6, 1, 1, 1)

        self.monthLabel = QLabel(self.scopeBox)
        self.monthLabel.setObjectName(u"monthLabel")

        self.scopeLayout.addWidget(self.monthLabel, 7, 0, 1, 1)

        self.monthSpin = QSpinBox(self.scopeBox)
        self.monthSpin.setObjectName(u"monthSpin")
        self.monthSpin.setMinimum(1)
        self.monthSpin.setMaximum(12)

        self.scopeLayout.addWidget(self.monthSpin, 7, 1, 1, 1)

        self.copiesLabel = QLabel(self.scopeBox)
        self.copiesLabel.setObjectName(u"copiesLabel")

        self.scopeLayout.addWidget(self.copiesLabel, 8, 0, 1, 1)

        self.copiesSpin = QSpinBox(self.scopeBox)
        self.copiesSpin.setObjectName(u"copiesSpin")
        self.copiesSpin.setMinimum(0)
        self.copiesSpin.setMaximum(5000)

        self.scopeLayout.addWidget(self.copiesSpin, 8, 1, 1, 1)

        self.startLabel = QLabel(self.scopeBox)
        self.startLabel.setObjectName(u"startLabel")

        self.scopeLayout.addWidget(self.startLabel, 9, 0, 1, 1)

        self.startSpin = QSpinBox(self.scopeBox)
        self.startSpin.setObjectName(u"startSpin")
        self.startSpin.setMinimum(1)
        self.startSpin.setMaximum(99999)

        self.scopeLayout.addWidget(self.startSpin, 9, 1, 1, 1)


        self.optionsLayout.addWidget(self.scopeBox)

        self.hintLabel = QLabel(self.optionsPanel)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setWordWrap(True)
        self.hintLabel.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

        self.optionsLayout.addWidget(self.hintLabel)

        self.optionsSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.optionsLayout.addItem(self.optionsSpacer)

        self.previewButton = QPushButton(self.optionsPanel)
        self.previewButton.setObjectName(u"previewButton")

        self.optionsLayout.addWidget(self.previewButton)

        self.printButton = QPushButton(self.optionsPanel)
        self.printButton.setObjectName(u"printButton")

        self.optionsLayout.addWidget(self.printButton)

        self.saveButton = QPushButton(self.optionsPanel)
        self.saveButton.setObjectName(u"saveButton")

        self.optionsLayout.addWidget(self.saveButton)

        self.markButton = QPushButton(self.optionsPanel)
        self.markButton.setObjectName(u"markButton")
        self.markButton.setAutoDefault(False)

        self.optionsLayout.addWidget(self.markButton)

        self.splitButton = QPushButton(self.optionsPanel)
        self.splitButton.setObjectName(u"splitButton")

        self.optionsLayout.addWidget(self.splitButton)

        self.closeButton = QPushButton(self.optionsPanel)
        self.closeButton.setObjectName(u"closeButton")
        self.closeButton.setAutoDefault(False)

        self.optionsLayout.addWidget(self.closeButton)


        self.mainLayout.addWidget(self.optionsPanel)

        self.previewLayout = QVBoxLayout()
        self.previewLayout.setSpacing(4)
        self.previewLayout.setObjectName(u"previewLayout")
        self.statusLabel = QLabel(PrintCenter)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setWordWrap(True)

        self.previewLayout.addWidget(self.statusLabel)


        self.mainLayout.addLayout(self.previewLayout)

#if QT_CONFIG(shortcut)
        self.kindLabel.setBuddy(self.kindCombo)
        self.layoutLabel.setBuddy(self.layoutCombo)
        self.villageLabel.setBuddy(self.villageCombo)
        self.yearLabel.setBuddy(self.yearSpin)
        self.monthLabel.setBuddy(self.monthSpin)
        self.copiesLabel.setBuddy(self.copiesSpin)
        self.startLabel.setBuddy(self.startSpin)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.kindCombo, self.layoutCombo)
        QWidget.setTabOrder(self.layoutCombo, self.villageCombo)
        QWidget.setTabOrder(self.villageCombo, self.scopeVillage)
        QWidget.setTabOrder(self.scopeVillage, self.scopeGrid)
        QWidget.setTabOrder(self.scopeGrid, self.gridCombo)
        QWidget.setTabOrder(self.gridCombo, self.scopeMember)
        QWidget.setTabOrder(self.scopeMember, self.memberCombo)
        QWidget.setTabOrder(self.memberCombo, self.scopeHousehold)
        QWidget.setTabOrder(self.scopeHousehold, self.householdCombo)
        QWidget.setTabOrder(self.householdCombo, self.changedOnly)
        QWidget.setTabOrder(self.changedOnly, self.yearSpin)
        QWidget.setTabOrder(self.yearSpin, self.monthSpin)
        QWidget.setTabOrder(self.monthSpin, self.copiesSpin)
        QWidget.setTabOrder(self.copiesSpin, self.startSpin)
        QWidget.setTabOrder(self.startSpin, self.previewButton)
        QWidget.setTabOrder(self.previewButton, self.printButton)
        QWidget.setTabOrder(self.printButton, self.saveButton)
        QWidget.setTabOrder(self.saveButton, self.markButton)
        QWidget.setTabOrder(self.markButton, self.splitButton)
        QWidget.setTabOrder(self.splitButton, self.closeButton)

        self.retranslateUi(PrintCenter)
        self.closeButton.clicked.connect(PrintCenter.reject)

        self.previewButton.setDefault(True)


        QMetaObject.connectSlotsByName(PrintCenter)
    # setupUi

    def retranslateUi(self, PrintCenter):
        PrintCenter.setWindowTitle(QCoreApplication.translate("PrintCenter", u"\u6253\u5370\u4e2d\u5fc3", None))
        self.documentBox.setTitle(QCoreApplication.translate("PrintCenter", u"\u6587\u6863", None))
        self.kindLabel.setText(QCoreApplication.translate("PrintCenter", u"\u6587\u6863(&D)\uff1a", None))
        self.layoutLabel.setText(QCoreApplication.translate("PrintCenter", u"\u7248\u5f0f(&L)\uff1a", None))
        self.scopeBox.setTitle(QCoreApplication.translate("PrintCenter", u"\u8303\u56f4", None))
        self.villageLabel.setText(QCoreApplication.translate("PrintCenter", u"\u6751(&V)\uff1a", None))
        self.scopeVillage.setText(QCoreApplication.translate("PrintCenter", u"\u6574\u6751(&A)", None))
        self.scopeGrid.setText(QCoreApplication.translate("PrintCenter", u"\u7f51\u683c(&G)", None))
        self.scopeMember.setText(QCoreApplication.translate("PrintCenter", u"\u515a\u5458(&M)", None))
        self.scopeHousehold.setText(QCoreApplication.translate("PrintCenter", u"\u519c\u6237(&H)", None))
#if QT_CONFIG(tooltip)
        self.scopeHousehold.setToolTip(QCoreApplication.translate("PrintCenter", u"\u53ea\u5370\u4e00\u6237\u7684\u8054\u6237\u724c\uff08\u4f8b\u5982\u6362\u4e86\u8054\u6237\u515a\u5458\u7684\u4e00\u6237\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.changedOnly.setText(QCoreApplication.translate("PrintCenter", u"\u4ec5\u6253\u5370\u53d8\u52a8\u8fc7\u7684\u8054\u6237\u724c(&C)", None))
#if QT_CONFIG(tooltip)
        self.changedOnly.setToolTip(QCoreApplication.translate("PrintCenter", u"\u53ea\u5370\u4ece\u672a\u6253\u5370\u8fc7\u3001\u6216\u4e0a\u6b21\u6253\u5370\u540e\u8054\u6237\u5173\u7cfb\u548c\u515a\u5458\u4fe1\u606f\u6709\u53d8\u52a8\u7684\u8054\u6237\u724c", None))
#endif // QT_CONFIG(tooltip)
        self.yearLabel.setText(QCoreApplication.translate("PrintCenter", u"\u5e74\u5ea6(&Y)\uff1a", None))
        self.yearSpin.setSuffix(QCoreApplication.translate("PrintCenter", u" \u5e74", None))
        self.monthLabel.setText(QCoreApplication.translate("PrintCenter", u"\u6708\u4efd(&O)\uff1a", None))
        self.monthSpin.setSuffix(QCoreApplication.translate("PrintCenter", u" \u6708", None))
        self.copiesLabel.setText(QCoreApplication.translate("PrintCenter", u"\u4efd\u6570(&N)\uff1a", None))
#if QT_CONFIG(tooltip)
        self.copiesSpin.setToolTip(QCoreApplication.translate("PrintCenter", u"\u5370\u591a\u5c11\u4efd\u6d4b\u8bc4\u7968\uff1b\u201c\u81ea\u52a8\u201d\u4e3a\u53c2\u8bc4\u515a\u5458\u4eba\u6570\u7684 2 \u500d\uff08\u515a\u5458\u672c\u4eba\u548c\u5927\u81f4\u540c\u6837\u591a\u7684\u7fa4\u4f17\u4ee3\u8868\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.copiesSpin.setSpecialValueText(QCoreApplication.translate("PrintCenter", u"\u81ea\u52a8\uff08\u515a\u5458\u6570\u00d72\uff09", None))
        self.copiesSpin.setSuffix(QCoreApplication.translate("PrintCenter", u" \u4efd", None))
        self.startLabel.setText(QCoreApplication.translate("PrintCenter", u"\u8d77\u59cb\u7f16\u53f7(&B)\uff1a", None))
#if QT_CONFIG(tooltip)
        self.startSpin.setToolTip(QCoreApplication.translate("PrintCenter", u"\u7b2c\u4e00\u4efd\u6d4b\u8bc4\u7968\u7684\u7f16\u53f7\uff1b\u8865\u5370\u65f6\u63a5\u7740\u4e0a\u6b21\u7684\u7f16\u53f7\uff0c\u7f16\u53f7\u4e0d\u91cd\u590d", None))
#endif // QT_CONFIG(tooltip)
        self.previewButton.setText(QCoreApplication.translate("PrintCenter", u"\u9884\u89c8(&P)", None))
        self.printButton.setText(QCoreApplication.translate("PrintCenter", u"\u6253\u5370(&R)\u2026", None))
        self.saveButton.setText(QCoreApplication.translate("PrintCenter", u"\u4fdd\u5b58 PDF(&S)\u2026", None))
        self.markButton.setText(QCoreApplication.translate("PrintCenter", u"\u6807\u8bb0\u4e3a\u5df2\u6253\u5370(&K)", None))
#if QT_CONFIG(tooltip)
        self.markButton.setToolTip(QCoreApplication.translate("PrintCenter", u"\u628a\u9884\u89c8\u4e2d\u7684\u8054\u6237\u724c\u8bb0\u4e3a\u5df2\u6253\u5370\uff08\u4f8b\u5982\u4fdd\u5b58\u7684 PDF \u5df2\u5728\u522b\u5904\u5370\u597d\uff09\uff1a\u201c\u4ec5\u6253\u5370\u53d8\u52a8\u8fc7\u7684\u8054\u6237\u724c\u201d\u4ee5\u540e\u4e0d\u518d\u5305\u542b\u5b83\u4eec", None))
#endif // QT_CONFIG(tooltip)
        self.splitButton.setText(QCoreApplication.translate("PrintCenter", u"\u6bcf\u4eba\u4e00\u4e2a\u6587\u4ef6(&F)\u2026", None))
#if QT_CONFIG(tooltip)
        self.splitButton.setToolTip(QCoreApplication.translate("PrintCenter", u"\u6bcf\u540d\u515a\u5458\u4fdd\u5b58\u4e3a\u4e00\u4e2a PDF \u6587\u4ef6\uff0c\u653e\u8fdb\u6240\u9009\u7684\u6587\u4ef6\u5939", None))
#endif // QT_CONFIG(tooltip)
        self.closeButton.setText(QCoreApplication.translate("PrintCenter", u"\u5173\u95ed", None))
    # retranslateUi

